<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApproveDialog</name>
    <message>
        <location filename="../compliancepanel.py" line="43"/>
        <source>Approve a term</source>
        <translation>批准用语</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="45"/>
        <source>Approve “%1” in this line only:</source>
        <translation>仅在这一句中批准“%1”：</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="51"/>
        <source>e.g. the claim is backed by a certificate</source>
        <translation>例如：该说法有检测证书支持</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="53"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="54"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="55"/>
        <source>Your name, the reason and the time go into the audit log.</source>
        <translation>您的姓名、理由和时间会记入审计日志。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="60"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="60"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AvatarWizard</name>
    <message>
        <location filename="../wizard/base.py" line="31"/>
        <source>New presenter</source>
        <translation>新建主播</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="34"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="35"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="36"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="37"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <location filename="../wizard/checks.py" line="31"/>
        <source>Checking the file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="32"/>
        <source>A few seconds: is the face usable before minutes of work?</source>
        <translation>只需几秒：先确认人脸可用，再开始几分钟的制作。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="46"/>
        <source>Fast (a few minutes)</source>
        <translation>快速（几分钟）</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="47"/>
        <source>High (slower, steadier tracking)</source>
        <translation>高质量（较慢，跟踪更稳）</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="51"/>
        <source>Quality:</source>
        <translation>质量：</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="72"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="107"/>
        <source>Photo file</source>
        <translation>照片文件</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="107"/>
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="108"/>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="109"/>
        <source>Framing</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="110"/>
        <source>Face found</source>
        <translation>找到人脸</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="111"/>
        <source>Only one person</source>
        <translation>只有一个人</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="112"/>
        <source>Face size</source>
        <translation>人脸大小</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="113"/>
        <source>Sharpness</source>
        <translation>清晰度</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="114"/>
        <source>Light</source>
        <translation>光线</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="115"/>
        <source>Facing the camera</source>
        <translation>正对镜头</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="116"/>
        <source>Final check</source>
        <translation>最终检查</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="122"/>
        <source>Not checked: fix the problem above first.</source>
        <translation>未检查：请先解决上面的问题。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="129"/>
        <source>The file opens, with picture and sound.</source>
        <translation>文件可以打开，有画面也有声音。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="131"/>
        <source>The photo opens.</source>
        <translation>照片可以打开。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="132"/>
        <source>%1 s of video: enough.</source>
        <translation>视频时长 %1 秒：足够。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="134"/>
        <source>%1 s of video: usable, but about a minute gives a livelier presenter.</source>
        <translation>视频时长 %1 秒：可以用，但一分钟左右的视频能让主播更生动。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="136"/>
        <source>Upright: the presenter fills a vertical (9:16) room.</source>
        <translation>竖屏画面：主播能铺满竖屏（9:16）直播间。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="138"/>
        <source>The picture is %1, not upright: a vertical room shows the presenter whole over a blurred copy of the picture. Film upright (9:16) for a full-screen presenter.</source>
        <translation>画面是 %1，不是竖屏：竖屏直播间会把主播完整显示在她自己画面的模糊放大背景上。想要主播铺满全屏，请竖着拍摄（9:16）。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="142"/>
        <source>The face is found in every sampled frame.</source>
        <translation>所有抽查的画面中都找到了人脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="144"/>
        <source>A face is found.</source>
        <translation>找到了人脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="145"/>
        <source>No face in %1 of %2 sampled frames.</source>
        <translation>抽查的 %2 帧中有 %1 帧没有人脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="147"/>
        <source>No face found: the presenter must face the camera with the whole face visible.</source>
        <translation>没有找到人脸：主播需要正对镜头，整张脸都要露出来。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="149"/>
        <source>Only one person in the picture.</source>
        <translation>画面中只有一个人。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="150"/>
        <source>A second face shows in %1 of %2 sampled frames.</source>
        <translation>抽查的 %2 帧中有 %1 帧出现了第二张脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="152"/>
        <source>More than one face: film the presenter alone, no posters or screens with faces.</source>
        <translation>画面里不止一张脸：请只拍主播一人，背景里不要有带人脸的海报或屏幕。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="154"/>
        <source>The face is big enough (%1 of the picture).</source>
        <translation>人脸足够大（占画面的 %1）。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="155"/>
        <source>The face is small (%1 of the picture): come closer.</source>
        <translation>人脸偏小（占画面的 %1）：请离镜头近一点。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="157"/>
        <source>The face is too small (%1 of the picture): film head and shoulders.</source>
        <translation>人脸太小（占画面的 %1）：请拍头部和肩膀。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="159"/>
        <source>The face is sharp.</source>
        <translation>人脸清晰。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="161"/>
        <source>The face is soft (sharpness %1): focus on the face and hold the camera still.</source>
        <translation>人脸有点模糊（清晰度 %1）：请对焦到脸上，并保持镜头稳定。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="163"/>
        <source>The face is blurred (sharpness %1): refocus.</source>
        <translation>人脸太模糊（清晰度 %1）：请重新对焦。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="164"/>
        <source>The face is well lit.</source>
        <translation>脸部光线良好。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="166"/>
        <source>The light is not ideal (brightness %1 of 255): light the face evenly from the front.</source>
        <translation>光线不理想（亮度 %1/255）：请从正面均匀地照亮脸部。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="168"/>
        <source>Too dark (brightness %1 of 255): add light on the face.</source>
        <translation>太暗了（亮度 %1/255）：请给脸部补光。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="169"/>
        <source>The presenter faces the camera.</source>
        <translation>主播正对镜头。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="170"/>
        <source>The head is turned away (%1°): look into the camera.</source>
        <translation>头部偏转了（%1°）：请看着镜头。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="201"/>
        <source>This file cannot be used. Fix what is marked ✖ and choose it again.</source>
        <translation>这个文件不能用。请解决标 ✖ 的问题后重新选择。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="206"/>
        <source>Usable. The points marked ! would make the presenter look better.</source>
        <translation>可以使用。改进标 ! 的地方，主播效果会更好。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="210"/>
        <source>Looks good. Press Next to create the presenter.</source>
        <translation>看起来不错。点“下一步”开始制作主播。</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <location filename="../commentspanel.py" line="60"/>
        <source>The show is not running: comments come in once it is.</source>
        <translation>直播未开始：开播后这里会显示观众评论。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="64"/>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="64"/>
        <source>Comment</source>
        <translation>评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="64"/>
        <source>Filed as</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="65"/>
        <source>What she said, or why not</source>
        <translation>主播的回答或未回答原因</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="77"/>
        <source>Answer now</source>
        <translation>立即回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="79"/>
        <source>The presenter answers this comment next, from the catalogue and the FAQ</source>
        <translation>主播接下来根据商品库和常见问题回答这条评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="81"/>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="82"/>
        <source>Do not answer this question</source>
        <translation>不回答这个问题</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="84"/>
        <source>Paste or type viewers&apos; comments here, one a line…</source>
        <translation>在这里粘贴或输入观众评论，每行一条…</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="86"/>
        <source>Send to the desk</source>
        <translation>提交评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="102"/>
        <source>Product (empty: the shop)</source>
        <translation>商品（留空表示全店）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="102"/>
        <source>Question or fact</source>
        <translation>问题或参数</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="102"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="111"/>
        <source>Facts: write 尺码, 颜色, 材质, 发货, 包邮, 售后, 尺码表 or 别名 as the question (lists separated by |). Anything else is a question viewers ask (several ways separated by |) with the presenter&apos;s answer. Prices, discounts and stock come from the catalogue and are checked before anything is said.</source>
        <translation>参数：在“问题”一栏写尺码、颜色、材质、发货、包邮、售后、尺码表或别名（多个值用 | 分隔）。其他内容都当作观众会问的问题（多种问法用 | 分隔），并填写主播的回答。价格、折扣和库存取自商品库，说出口之前都会核对。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="119"/>
        <source>Add a row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="120"/>
        <source>Remove the row</source>
        <translation>删除该行</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="121"/>
        <source>Save the FAQ</source>
        <translation>保存常见问题</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="122"/>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="136"/>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="137"/>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="159"/>
        <source>waiting</source>
        <translation>等待回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="160"/>
        <source>answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="161"/>
        <source>deflected</source>
        <translation>已引导</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="162"/>
        <source>too late (the show was busy)</source>
        <translation>已过时（当时直播忙）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="163"/>
        <source>banned word</source>
        <translation>违禁词</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="164"/>
        <source>spam (link or number)</source>
        <translation>广告（链接或号码）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="165"/>
        <source>against the rules</source>
        <translation>违规用语</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="166"/>
        <source>flood</source>
        <translation>刷屏</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="167"/>
        <source>too many from this viewer</source>
        <translation>该观众发言过快</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="168"/>
        <source>repeated</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="169"/>
        <source>not answered</source>
        <translation>无需回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="170"/>
        <source>over the per-minute cap</source>
        <translation>超过每分钟上限</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="171"/>
        <source>welcomed</source>
        <translation>已欢迎</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="172"/>
        <source>thanked</source>
        <translation>已感谢</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="173"/>
        <source>refused by the queue</source>
        <translation>队列未接收</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="174"/>
        <source>blocked (compliance)</source>
        <translation>已拦截（合规）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="185"/>
        <source>Contains a banned word: %1</source>
        <translation>含违禁词：%1</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="187"/>
        <source>An absolute claim: %1</source>
        <translation>绝对化用语：%1</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="190"/>
        <source>Ignored by the operator</source>
        <translation>运营已忽略</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="192"/>
        <source>Likes are counted, not answered</source>
        <translation>点赞只计数，不回复</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="194"/>
        <source>Welcomed already</source>
        <translation>已经欢迎过</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="195"/>
        <source>Not a question: small talk or a greeting</source>
        <translation>不是提问：闲聊或打招呼</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="197"/>
        <source>Waiting for its turn after the current sentence</source>
        <translation>等当前这句说完后回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="198"/>
        <source>Not answered in time: the show was busy</source>
        <translation>没来得及回答：当时直播太忙</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="199"/>
        <source>A link or a contact number</source>
        <translation>含链接或联系方式</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="200"/>
        <source>Too many comments in the room at once</source>
        <translation>同一时间评论太多</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="201"/>
        <source>This viewer is sending too fast</source>
        <translation>该观众发言太快</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="202"/>
        <source>Sent again</source>
        <translation>重复发送</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="203"/>
        <source>Over the per-minute cap for thanks and welcomes</source>
        <translation>超过每分钟感谢和欢迎的上限</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="204"/>
        <source>The show queue is full</source>
        <translation>节目队列已满</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="205"/>
        <source>The answer did not pass the compliance check</source>
        <translation>回答没有通过合规检查</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="213"/>
        <source>came in</source>
        <translation>进入直播间</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="214"/>
        <source>followed</source>
        <translation>关注了</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="215"/>
        <source>liked</source>
        <translation>点赞</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="216"/>
        <source>sent a gift</source>
        <translation>送了礼物</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="217"/>
        <source>placed an order</source>
        <translation>下单了</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="243"/>
        <source>(no name)</source>
        <translation>（无昵称）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="259"/>
        <source>Answered %1 · deflected %2 · waiting %3 · dropped %4</source>
        <translation>已回答 %1 · 已引导 %2 · 等待 %3 · 已过滤 %4</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="267"/>
        <source>median %1 s from comment to answer on air</source>
        <translation>从评论到回答播出中位数 %1 秒</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="297"/>
        <source>She answers it next.</source>
        <translation>主播接下来回答这条。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="304"/>
        <source>Ignored.</source>
        <translation>已忽略。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="321"/>
        <source>%1 comment(s) sent to the desk.</source>
        <translation>已提交 %1 条评论。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="358"/>
        <source>FAQ table</source>
        <translation>常见问题表</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="361"/>
        <source>FAQ saved: the presenter uses it from now on.</source>
        <translation>常见问题已保存，主播从现在起按它回答。</translation>
    </message>
</context>
<context>
    <name>CompliancePanel</name>
    <message>
        <location filename="../compliancepanel.py" line="104"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="104"/>
        <source>Script, line</source>
        <translation>脚本，第几句</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="104"/>
        <source>Term</source>
        <translation>用语</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="104"/>
        <source>Problem</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="105"/>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="117"/>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="118"/>
        <source>Fix the line…</source>
        <translation>修改这句…</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="119"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="148"/>
        <source>blocked</source>
        <translation>已拦截</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="150"/>
        <source>approved by %1</source>
        <translation>已由 %1 批准</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="163"/>
        <source>No findings: every script line may be spoken.</source>
        <translation>没有发现问题：所有脚本台词都可以播出。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="166"/>
        <source>%1 line(s) are blocked and will be skipped on air; %2 approved.</source>
        <translation>%1 条问题会被拦截、直播时跳过；%2 条已批准。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="192"/>
        <source>Approved.</source>
        <translation>已批准。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="209"/>
        <source>Line saved.</source>
        <translation>台词已保存。</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../wizard/create.py" line="29"/>
        <source>Creating the presenter</source>
        <translation>正在制作主播</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="31"/>
        <source>Studio learns the face, the mouth and the movements. You can keep working.</source>
        <translation>Studio 正在学习脸部、嘴型和动作。您可以继续做别的事。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="39"/>
        <source>Cancel creation</source>
        <translation>取消制作</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="40"/>
        <source>Start again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="65"/>
        <source>Reading the video</source>
        <translation>读取视频</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="66"/>
        <source>Checking the face</source>
        <translation>检查人脸</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="67"/>
        <source>Taking the sound</source>
        <translation>提取声音</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="68"/>
        <source>Following the face and body in every frame</source>
        <translation>逐帧跟踪脸部和身体</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="69"/>
        <source>Smoothing the movements</source>
        <translation>平滑动作</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="70"/>
        <source>Learning the mouth shapes</source>
        <translation>学习嘴型</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="71"/>
        <source>Building the natural idle loop</source>
        <translation>生成自然的待机循环</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="72"/>
        <source>Picking a voice sample</source>
        <translation>挑选声音样本</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="73"/>
        <source>Saving</source>
        <translation>保存中</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="88"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="116"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="132"/>
        <source> (%1 of %2)</source>
        <translation>（%1 / %2）</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="142"/>
        <source>Estimating the time left…</source>
        <translation>正在估算剩余时间…</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="144"/>
        <source>Less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="147"/>
        <source>About %1 min left</source>
        <translation>大约还剩 %1 分钟</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="157"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="159"/>
        <source>Took %1 s.</source>
        <translation>用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="168"/>
        <source>Lip-sync fitted to this presenter: mouth-opening correlation %1 → %2, the mean over %3 parts of the clip kept aside to check it (worst %4).</source>
        <translation>口型已按该主播微调：在 %3 段留作检验的视频上，张嘴幅度相关系数 %1 → %2（取平均；最差 %4）。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="177"/>
        <source>Notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="185"/>
        <source>The presenter could not be created.</source>
        <translation>主播制作失败。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="193"/>
        <source>Cancelled. Nothing was kept.</source>
        <translation>已取消，没有保留任何文件。</translation>
    </message>
</context>
<context>
    <name>FixDialog</name>
    <message>
        <location filename="../compliancepanel.py" line="73"/>
        <source>Fix a line</source>
        <translation>修改台词</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="80"/>
        <source>Suggestion: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="86"/>
        <source>Save the line</source>
        <translation>保存台词</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="86"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../queuepanel.py" line="171"/>
        <source>said</source>
        <translation>已说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="171"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="172"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="173"/>
        <source>cut short</source>
        <translation>被打断</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="174"/>
        <source>blocked (compliance)</source>
        <translation>已拦截（合规）</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="175"/>
        <source>quarantined (the show stopped on it twice)</source>
        <translation>已隔离（直播两次在这句中断）</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../logview.py" line="56"/>
        <source>Information</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../logview.py" line="57"/>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <location filename="../logview.py" line="58"/>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <location filename="../logview.py" line="59"/>
        <source>Everything (debug)</source>
        <translation>全部（调试）</translation>
    </message>
    <message>
        <location filename="../logview.py" line="62"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../logview.py" line="65"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../mainwindow.py" line="66"/>
        <source>Studio — digital presenter live room</source>
        <translation>Studio — 数字人直播间</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="89"/>
        <source>Show queue</source>
        <translation>播出队列</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="90"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="91"/>
        <source>Compliance</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="92"/>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="93"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="102"/>
        <source>Preview (what viewers see)</source>
        <translation>预览（观众看到的画面）</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="142"/>
        <location filename="../mainwindow.py" line="407"/>
        <source>Studio</source>
        <translation>Studio</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="145"/>
        <source>Presenter:</source>
        <translation>主播：</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="150"/>
        <source>Scene:</source>
        <translation>场景：</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="159"/>
        <source>New presenter…</source>
        <translation>新建主播…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="162"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="171"/>
        <source>Vertical room (Douyin, Kuaishou)</source>
        <translation>竖屏直播间（抖音、快手）</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="172"/>
        <source>Landscape room</source>
        <translation>横屏直播间</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="180"/>
        <source>Demo presenter (photo)</source>
        <translation>演示主播（照片）</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="184"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="184"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="205"/>
        <source>This scene has another picture size.</source>
        <translation>这个场景的画面尺寸不同。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="206"/>
        <source>Stop the stream to change to it.</source>
        <translation>请先停止推流，再切换到这个场景。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="218"/>
        <source>Stop the stream to change this</source>
        <translation>停止推流后才能修改</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="241"/>
        <source>Starting the preview…</source>
        <translation>正在启动预览…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="270"/>
        <source>Preview running · remote control on port %1</source>
        <translation>预览运行中 · 远程控制端口 %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="273"/>
        <source>`studio live insert` and other tools reach this show on 127.0.0.1:%1</source>
        <translation>`studio live insert` 等工具通过 127.0.0.1:%1 控制这场直播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="289"/>
        <source>The preview could not start.</source>
        <translation>预览无法启动。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="296"/>
        <source>The presenter “%1” cannot go on air yet; the demo presenter is back.</source>
        <translation>主播“%1”暂时还不能上播，已换回演示主播。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="309"/>
        <source>The show stopped: %1</source>
        <translation>直播已停止：%1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="330"/>
        <source>Restarting the preview…</source>
        <translation>正在重新启动预览…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="365"/>
        <source>Enter the server URL first.</source>
        <translation>请先填写服务器地址。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="366"/>
        <source>Your platform&apos;s live settings show it (it starts with rtmp://).</source>
        <translation>在直播平台的开播设置里可以找到（以 rtmp:// 开头）。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="373"/>
        <source>Streaming to %1</source>
        <translation>正在推流到 %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="394"/>
        <source>Stopping the stream…</source>
        <translation>正在停止推流…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="399"/>
        <source>The stream stopped. The preview goes on.</source>
        <translation>推流已停止，预览继续。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="411"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="426"/>
        <source>Presenter %1 saved.</source>
        <translation>主播 %1 已保存。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="476"/>
        <source>You are live</source>
        <translation>正在直播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="477"/>
        <source>Viewers are watching. Stop the stream and close Studio?</source>
        <translation>观众正在观看。要停止推流并关闭 Studio 吗？</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="478"/>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="479"/>
        <source>Keep streaming</source>
        <translation>继续直播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="486"/>
        <source>A presenter is being made</source>
        <translation>正在制作主播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="487"/>
        <source>Closing Studio stops making the new presenter. Close anyway?</source>
        <translation>关闭 Studio 会停止制作新主播。仍要关闭吗？</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="488"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="489"/>
        <source>Keep working</source>
        <translation>继续制作</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="498"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="499"/>
        <source>Stopping the show…</source>
        <translation>正在停止直播…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../wizard/preview.py" line="33"/>
        <source>Hear and see the presenter</source>
        <translation>看看、听听主播</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="36"/>
        <source>Say it</source>
        <translation>说一遍</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="37"/>
        <source>Play with sound</source>
        <translation>带声音播放</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="38"/>
        <source>Opens the clip in your video player</source>
        <translation>用您的视频播放器打开这段视频</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="78"/>
        <source>Hello and welcome to the live room! Today I have something special for you.</source>
        <translation>大家好，欢迎来到直播间！今天给大家带来一款好物。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="124"/>
        <source>Shown with the simpler photo animation: the presenter renderer could not be used (%1).</source>
        <translation>这里用较简单的照片动画展示：主播渲染器暂时无法使用（%1）。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="98"/>
        <source>Rendering the test sentence…</source>
        <translation>正在生成测试台词…</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="34"/>
        <source>A test sentence, as it will look and sound on air.</source>
        <translation>说一句测试台词，看看上播时的样子、听听声音。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="116"/>
        <source>Rendering the test sentence… %1%</source>
        <translation>正在生成测试台词… %1%</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="120"/>
        <source>This is how the presenter will look on air.</source>
        <translation>这就是主播在直播中的样子。</translation>
    </message>
</context>
<context>
    <name>ProductsPanel</name>
    <message>
        <location filename="../productspanel.py" line="51"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="51"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="51"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="51"/>
        <source>Try-on</source>
        <translation>试穿</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="65"/>
        <source>Show this product now</source>
        <translation>立即展示这个商品</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="67"/>
        <source>Puts its card on screen and dresses the presenter in its try-on asset</source>
        <translation>在画面上显示商品卡片，并让主播换上它的试穿素材</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="69"/>
        <source>Import products or scripts…</source>
        <translation>导入商品或脚本…</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="70"/>
        <source>Load the demo shop</source>
        <translation>载入演示店铺</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="71"/>
        <source>Four sample products and scripts to try Studio</source>
        <translation>四件示例商品和脚本，用来试用 Studio</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="74"/>
        <source>No products yet. Import your product list (CSV or JSON) and your scripts (TOML or plain text), or load the demo shop to try things out.</source>
        <translation>还没有商品。请导入商品表（CSV 或 JSON）和脚本（TOML 或纯文本），或者先载入演示店铺试一试。</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="123"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="133"/>
        <source>Product in the show now: %1</source>
        <translation>当前直播中的商品：%1</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="135"/>
        <source>No product on screen yet.</source>
        <translation>画面上还没有商品。</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="156"/>
        <source>Import products or scripts</source>
        <translation>导入商品或脚本</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="158"/>
        <source>Products and scripts (*.csv *.json *.toml *.txt)</source>
        <translation>商品和脚本 (*.csv *.json *.toml *.txt)</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <location filename="../queuepanel.py" line="44"/>
        <source>Show product: %1</source>
        <translation>展示商品：%1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="46"/>
        <source>Switch scene: %1</source>
        <translation>切换场景：%1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="48"/>
        <source>Pause %1 ms</source>
        <translation>停顿 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="50"/>
        <source>Play recording: %1</source>
        <translation>播放录音：%1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../queuepanel.py" line="196"/>
        <source>On air now</source>
        <translation>正在播出</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="197"/>
        <location filename="../queuepanel.py" line="298"/>
        <source>Nothing is playing.</source>
        <translation>当前没有播出内容。</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="201"/>
        <source>Skip this line</source>
        <translation>跳过这句</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="202"/>
        <source>Pause after this line</source>
        <translation>说完这句后暂停</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="213"/>
        <source>Up next</source>
        <translation>接下来</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="225"/>
        <source>Bold lines are the ones you typed: drag them up or down. Grey lines come from your scripts and follow the playlist.</source>
        <translation>粗体是您插入的台词，可以上下拖动调整顺序；灰色的来自脚本，按播放列表顺序播出。</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="232"/>
        <source>Type a line for the presenter to say…</source>
        <translation>输入要主播说的话…</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="233"/>
        <source>Say next</source>
        <translation>接着说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="234"/>
        <source>After the line on air and your earlier lines</source>
        <translation>在当前这句和您之前插入的台词之后说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="235"/>
        <source>Say now (urgent)</source>
        <translation>马上说（插播）</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="237"/>
        <source>Cuts the line on air at the next word and says this first</source>
        <translation>在当前这句的下一个词处打断，先说这句</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="245"/>
        <source>Nothing to say yet: import products and scripts in the Products tab (or load the demo shop there), or type a line below.</source>
        <translation>还没有要说的内容：请在“商品”页导入商品和脚本（或载入演示店铺），或者在下面输入一句话。</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="257"/>
        <source>Already said</source>
        <translation>已经说过</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="289"/>
        <source>Waiting for a line</source>
        <translation>等待台词</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="290"/>
        <source>Speaking</source>
        <translation>正在说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="291"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>SavePage</name>
    <message>
        <location filename="../wizard/save.py" line="27"/>
        <source>Name and save</source>
        <translation>命名并保存</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="28"/>
        <source>The name shows in the presenter list.</source>
        <translation>这个名字会显示在主播列表中。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="30"/>
        <source>e.g. Lily, 小美</source>
        <translation>例如：小美、Lily</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="34"/>
        <source>Replace the presenter of that name</source>
        <translation>替换同名主播</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="40"/>
        <source>Name:</source>
        <translation>名字：</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="60"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="60"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="62"/>
        <source>Made from the %1 %2.</source>
        <translation>由%1 %2 制作。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="65"/>
        <source>Saved in %1.</source>
        <translation>保存在 %1。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="66"/>
        <source>After saving, choose it in the Presenter list of the main window.</source>
        <translation>保存后，可以在主窗口的“主播”列表中选择它。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="83"/>
        <source>Names starting with “draft-” are kept for the wizard.</source>
        <translation>以“draft-”开头的名字留给向导使用。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="85"/>
        <source>A presenter with this name exists.</source>
        <translation>已有同名主播。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settingsdialog.py" line="28"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="35"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="42"/>
        <source>eSpeak NG (Chinese and English)</source>
        <translation>eSpeak NG（中文和英文）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="43"/>
        <source>Piper (natural English)</source>
        <translation>Piper（自然的英文）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="46"/>
        <source>the engine&apos;s default voice</source>
        <translation>引擎的默认音色</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="49"/>
        <source>Use the graphics card when there is one</source>
        <translation>有显卡时使用显卡</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="50"/>
        <source>Processor only</source>
        <translation>只用处理器</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="54"/>
        <source>As the scene says</source>
        <translation>按场景设置</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="55"/>
        <source>Vertical 720×1280 (Douyin, Kuaishou)</source>
        <translation>竖屏 720×1280（抖音、快手）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="56"/>
        <source>Vertical 1080×1920 (needs a fast upload)</source>
        <translation>竖屏 1080×1920（需要较快的上传网速）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="57"/>
        <source>Landscape 1280×720</source>
        <translation>横屏 1280×720</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="58"/>
        <source>Landscape 1920×1080</source>
        <translation>横屏 1920×1080</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="62"/>
        <source>As the system (Chinese on a Chinese system)</source>
        <translation>跟随系统（中文系统用中文）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="67"/>
        <source>Remember the stream key on this computer</source>
        <translation>在这台电脑上记住推流密钥</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="71"/>
        <location filename="../settingsdialog.py" line="100"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="72"/>
        <source>Voice engine</source>
        <translation>语音引擎</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="73"/>
        <source>Voice</source>
        <translation>音色</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="74"/>
        <source>GPU</source>
        <translation>显卡</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="75"/>
        <source>Output size</source>
        <translation>输出画面</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="76"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="80"/>
        <source>The data folder holds avatars, products, scripts and logs. Changes to the data folder, GPU and language apply the next time Studio starts; voice and output size when the preview restarts.</source>
        <translation>数据文件夹保存主播、商品、脚本和日志。数据文件夹、显卡和语言的修改在下次启动 Studio 时生效；音色和输出画面在预览重新启动时生效。</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="90"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="91"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ShowClient</name>
    <message>
        <location filename="../showclient.py" line="181"/>
        <source>Line queued.</source>
        <translation>台词已加入队列。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="184"/>
        <source>Skipped.</source>
        <translation>已跳过。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="187"/>
        <source>Paused after the current line.</source>
        <translation>说完当前这句后暂停。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="190"/>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="194"/>
        <source>Order changed.</source>
        <translation>顺序已调整。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="205"/>
        <source>Product on screen: %1</source>
        <translation>画面上的商品：%1</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="210"/>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <location filename="../wizard/source.py" line="32"/>
        <source>Who will present?</source>
        <translation>谁来当主播？</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="33"/>
        <source>Choose a video of the presenter, or a single photo.</source>
        <translation>选择一段主播的视频，或者一张照片。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="34"/>
        <source>A video of the presenter talking (best result)</source>
        <translation>一段主播说话的视频（效果最好）</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="35"/>
        <source>One photo (quicker, less lively)</source>
        <translation>一张照片（更快，但不够生动）</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="41"/>
        <source>the file on your computer</source>
        <translation>电脑上的文件</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="42"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="71"/>
        <source>About a minute of talking straight to the camera (at least 20 s).</source>
        <translation>对着镜头说话一分钟左右（至少 20 秒）。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="72"/>
        <source>Light from the front: face a window or a ring light, no light behind.</source>
        <translation>光从正面来：面对窗户或环形补光灯，背后不要有强光。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="73"/>
        <source>Nothing over the mouth: no hands, microphone or hair in front of it.</source>
        <translation>不要挡住嘴：手、话筒、头发都不要挡在嘴前。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="74"/>
        <source>Only the presenter in the picture; head and shoulders or upper body.</source>
        <translation>画面里只有主播一个人；拍头肩或上半身。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="75"/>
        <source>Hold the phone still (a stand helps); record with the sound on.</source>
        <translation>手机要拿稳（最好用支架）；录制时打开声音。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="77"/>
        <source>Recording tips</source>
        <translation>拍摄建议</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="80"/>
        <source>A sharp photo of the face, looking into the camera.</source>
        <translation>一张清晰的正脸照片，看着镜头。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="81"/>
        <source>Even light on the face, no strong shadows.</source>
        <translation>脸上光线均匀，没有明显阴影。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="82"/>
        <source>Mouth closed or slightly open; nothing in front of it.</source>
        <translation>嘴巴闭合或微张，嘴前不要有遮挡。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="83"/>
        <source>Only one person in the photo, at least 128 pixels each side.</source>
        <translation>照片里只有一个人，长宽都至少 128 像素。</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="85"/>
        <source>Photo tips</source>
        <translation>照片建议</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="92"/>
        <source>Videos (%1)</source>
        <translation>视频 (%1)</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="96"/>
        <source>Photos (%1)</source>
        <translation>照片 (%1)</translation>
    </message>
    <message>
        <location filename="../wizard/source.py" line="99"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>StreamPanel</name>
    <message>
        <location filename="../streampanel.py" line="44"/>
        <source>Live stream</source>
        <translation>直播推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="47"/>
        <source>rtmp://… (from your platform&apos;s live settings)</source>
        <translation>rtmp://…（在直播平台的开播设置里找）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="50"/>
        <source>stream key (kept hidden)</source>
        <translation>推流密钥（隐藏显示）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="52"/>
        <location filename="../streampanel.py" line="147"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="54"/>
        <source>Show or hide the stream key</source>
        <translation>显示或隐藏推流密钥</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="61"/>
        <source>Server URL</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="62"/>
        <source>Stream key</source>
        <translation>推流密钥</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="75"/>
        <source>Start streaming</source>
        <translation>开始推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="77"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="91"/>
        <source>Bitrate</source>
        <translation>码率</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="91"/>
        <source>Data sent to the platform per second</source>
        <translation>每秒发送到平台的数据量</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="94"/>
        <source>Frames/s</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="95"/>
        <source>Pictures per second in the output (25 is right)</source>
        <translation>输出画面每秒的帧数（25 为正常）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="97"/>
        <source>Live for</source>
        <translation>已直播</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="97"/>
        <source>Time since you pressed Start</source>
        <translation>从点击“开始”起的时间</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="100"/>
        <source>A/V offset</source>
        <translation>音画偏差</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="101"/>
        <source>How far sound and picture are apart; 0 ms is in sync</source>
        <translation>声音和画面相差多少；0 毫秒表示同步</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="105"/>
        <source>Late frames</source>
        <translation>迟到帧</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="107"/>
        <source>Pictures the computer could not draw in time (the previous one was shown again); a few are harmless, a steady rise means the computer is too busy</source>
        <translation>电脑没能及时画出的画面（会重复上一帧）；少量没关系，持续增加说明电脑太忙</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="113"/>
        <source>Dropped frames</source>
        <translation>丢帧</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="114"/>
        <source>Pictures left out because the upload was too slow</source>
        <translation>因为上传太慢而丢掉的画面</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="118"/>
        <source>Reconnects</source>
        <translation>重连次数</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="119"/>
        <source>Times the connection to the platform was lost and made again</source>
        <translation>与平台的连接断开后重新连上的次数</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="147"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="174"/>
        <source>Not streaming</source>
        <translation>未推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="175"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="176"/>
        <source>LIVE</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="177"/>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="178"/>
        <source>Problem</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="189"/>
        <source>The preview runs; viewers see nothing until you start.</source>
        <translation>预览正在运行；点击开始之前观众看不到画面。</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="191"/>
        <source>Connecting to the platform…</source>
        <translation>正在连接直播平台…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="193"/>
        <source>trying again in %1 s</source>
        <translation>%1 秒后重试</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="196"/>
        <source>The upload is too slow: some frames are dropped.</source>
        <translation>上传太慢：部分画面被丢弃。</translation>
    </message>
</context>
<context>
    <name>UpNextModel</name>
    <message>
        <location filename="../queuepanel.py" line="91"/>
        <source>[urgent] %1</source>
        <translation>[插播] %1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="93"/>
        <source>[your line] %1</source>
        <translation>[您的台词] %1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="97"/>
        <source>Inserted line: drag it to change when it plays</source>
        <translation>插入的台词：拖动可以改变播出时间</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="98"/>
        <source>From the script: %1</source>
        <translation>来自脚本：%1</translation>
    </message>
</context>
</TS>
