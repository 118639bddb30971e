<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../about.py" line="26"/>
        <source>About Studio</source>
        <translation>关于 Studio</translation>
    </message>
    <message>
        <location filename="../about.py" line="31"/>
        <source>Studio %1 is free software under the %2 licence: you may use it, share it and change it; whoever receives it from you gets the same rights and the source code. It includes the components below, each under its own licence.</source>
        <translation>Studio %1 是自由软件，以 %2 许可证发布：您可以使用、分享和修改它；从您这里得到它的人享有同样的权利，并能拿到源代码。它包含下列组件，各自遵循自己的许可证。</translation>
    </message>
    <message>
        <location filename="../about.py" line="41"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../about.py" line="41"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../about.py" line="41"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../about.py" line="41"/>
        <source>What for</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../about.py" line="57"/>
        <source>Full licence texts</source>
        <translation>许可证全文</translation>
    </message>
    <message>
        <location filename="../about.py" line="66"/>
        <source>speech synthesiser and phonemiser (inside espeakng-loader)</source>
        <translation>语音合成与音素转换（随 espeakng-loader 提供）</translation>
    </message>
    <message>
        <location filename="../about.py" line="67"/>
        <source>audio and video codecs and RTMP (inside av), built with x264</source>
        <translation>音视频编解码与 RTMP 推流（随 av 提供），含 x264</translation>
    </message>
    <message>
        <location filename="../about.py" line="68"/>
        <source>H.264 encoder (inside av&apos;s FFmpeg)</source>
        <translation>H.264 视频编码器（随 av 的 FFmpeg 提供）</translation>
    </message>
    <message>
        <location filename="../about.py" line="69"/>
        <source>the desktop window (inside PySide6)</source>
        <translation>桌面窗口界面（随 PySide6 提供）</translation>
    </message>
    <message>
        <location filename="../about.py" line="70"/>
        <source>Qt&apos;s own dialogs in Chinese</source>
        <translation>Qt 自带对话框的中文翻译</translation>
    </message>
    <message>
        <location filename="../about.py" line="71"/>
        <source>face and body tracking models (inside mediapipe)</source>
        <translation>人脸与人体跟踪模型（随 mediapipe 提供）</translation>
    </message>
    <message>
        <location filename="../about.py" line="72"/>
        <source>English voice</source>
        <translation>英文语音</translation>
    </message>
    <message>
        <location filename="../about.py" line="74"/>
        <source>US English phones from speech, for lip-sync (inside pocketsphinx)</source>
        <translation>从语音里识别英语音素，用于口型同步（随 pocketsphinx 提供）</translation>
    </message>
</context>
<context>
    <name>ApproveDialog</name>
    <message>
        <location filename="../compliancepanel.py" line="42"/>
        <source>Approve a term</source>
        <translation>批准用语</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="44"/>
        <source>Approve “%1” in this line only:</source>
        <translation>仅在这一句中批准“%1”：</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="50"/>
        <source>e.g. the claim is backed by a certificate</source>
        <translation>例如：该说法有检测证书支持</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="52"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="53"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="54"/>
        <source>Your name, the reason and the time go into the audit log.</source>
        <translation>您的姓名、理由和时间会记入审计日志。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="59"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="59"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AvatarWizard</name>
    <message>
        <location filename="../wizard/base.py" line="43"/>
        <source>New presenter</source>
        <translation>新建主播</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="46"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="47"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="48"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="49"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="109"/>
        <source>Delete the new presenter?</source>
        <translation>删除新主播？</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="110"/>
        <source>The new presenter is made but not saved. Delete it?</source>
        <translation>新主播已经做好，但还没有保存。要删除吗？</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="111"/>
        <source>To keep it, go back and press Save on the last page.</source>
        <translation>想保留的话，请回到向导，在最后一页点“保存”。</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="112"/>
        <source>Delete it</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../wizard/base.py" line="113"/>
        <source>Go back and keep it</source>
        <translation>返回并保留</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <location filename="../wizard/checks.py" line="32"/>
        <source>Checking the file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="33"/>
        <source>A few seconds: is the face usable before minutes of work?</source>
        <translation>只需几秒：先确认人脸可用，再开始几分钟的制作。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="47"/>
        <source>Fast (a few minutes)</source>
        <translation>快速（几分钟）</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="48"/>
        <source>High (slower, steadier tracking)</source>
        <translation>高质量（较慢，跟踪更稳）</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="52"/>
        <source>Quality:</source>
        <translation>质量：</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="73"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="108"/>
        <source>Photo file</source>
        <translation>照片文件</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="108"/>
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="109"/>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="110"/>
        <source>Framing</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="111"/>
        <source>Face found</source>
        <translation>找到人脸</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="112"/>
        <source>Only one person</source>
        <translation>只有一个人</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="113"/>
        <source>Face size</source>
        <translation>人脸大小</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="114"/>
        <source>Sharpness</source>
        <translation>清晰度</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="115"/>
        <source>Light</source>
        <translation>光线</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="116"/>
        <source>Facing the camera</source>
        <translation>正对镜头</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="117"/>
        <source>Final check</source>
        <translation>最终检查</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="123"/>
        <source>Not checked: fix the problem above first.</source>
        <translation>未检查：请先解决上面的问题。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="130"/>
        <source>The file opens, with picture and sound.</source>
        <translation>文件可以打开，有画面也有声音。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="132"/>
        <source>The photo opens.</source>
        <translation>照片可以打开。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="133"/>
        <source>%1 s of video: enough.</source>
        <translation>视频时长 %1 秒：足够。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="135"/>
        <source>%1 s of video: usable, but about a minute gives a livelier presenter.</source>
        <translation>视频时长 %1 秒：可以用，但一分钟左右的视频能让主播更生动。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="137"/>
        <source>Upright: the presenter fills a vertical (9:16) room.</source>
        <translation>竖屏画面：主播能铺满竖屏（9:16）直播间。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="139"/>
        <source>The picture is %1, not upright: a vertical room shows the presenter whole over a blurred copy of the picture. Film upright (9:16) for a full-screen presenter.</source>
        <translation>画面是 %1，不是竖屏：竖屏直播间会把主播完整显示在她自己画面的模糊放大背景上。想要主播铺满全屏，请竖着拍摄（9:16）。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="143"/>
        <source>The face is found in every sampled frame.</source>
        <translation>所有抽查的画面中都找到了人脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="145"/>
        <source>A face is found.</source>
        <translation>找到了人脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="146"/>
        <source>No face in %1 of %2 sampled frames.</source>
        <translation>抽查的 %2 帧中有 %1 帧没有人脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="148"/>
        <source>No face found: the presenter must face the camera with the whole face visible.</source>
        <translation>没有找到人脸：主播需要正对镜头，整张脸都要露出来。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="150"/>
        <source>Only one person in the picture.</source>
        <translation>画面中只有一个人。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="151"/>
        <source>A second face shows in %1 of %2 sampled frames.</source>
        <translation>抽查的 %2 帧中有 %1 帧出现了第二张脸。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="153"/>
        <source>More than one face: film the presenter alone, no posters or screens with faces.</source>
        <translation>画面里不止一张脸：请只拍主播一人，背景里不要有带人脸的海报或屏幕。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="155"/>
        <source>The face is big enough (%1 of the picture).</source>
        <translation>人脸足够大（占画面的 %1）。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="156"/>
        <source>The face is small (%1 of the picture): come closer.</source>
        <translation>人脸偏小（占画面的 %1）：请离镜头近一点。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="158"/>
        <source>The face is too small (%1 of the picture): film head and shoulders.</source>
        <translation>人脸太小（占画面的 %1）：请拍头部和肩膀。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="160"/>
        <source>The face is sharp.</source>
        <translation>人脸清晰。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="162"/>
        <source>The face is soft (sharpness %1): focus on the face and hold the camera still.</source>
        <translation>人脸有点模糊（清晰度 %1）：请对焦到脸上，并保持镜头稳定。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="164"/>
        <source>The face is blurred (sharpness %1): refocus.</source>
        <translation>人脸太模糊（清晰度 %1）：请重新对焦。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="165"/>
        <source>The face is well lit.</source>
        <translation>脸部光线良好。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="167"/>
        <source>The light is not ideal (brightness %1 of 255): light the face evenly from the front.</source>
        <translation>光线不理想（亮度 %1/255）：请从正面均匀地照亮脸部。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="169"/>
        <source>Too dark (brightness %1 of 255): add light on the face.</source>
        <translation>太暗了（亮度 %1/255）：请给脸部补光。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="170"/>
        <source>The presenter faces the camera.</source>
        <translation>主播正对镜头。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="171"/>
        <source>The head is turned away (%1°): look into the camera.</source>
        <translation>头部偏转了（%1°）：请看着镜头。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="202"/>
        <source>This file cannot be used. Fix what is marked ✖ and choose it again.</source>
        <translation>这个文件不能用。请解决标 ✖ 的问题后重新选择。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="207"/>
        <source>Usable. The points marked ! would make the presenter look better.</source>
        <translation>可以使用。改进标 ! 的地方，主播效果会更好。</translation>
    </message>
    <message>
        <location filename="../wizard/checks.py" line="211"/>
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
        <location filename="../commentspanel.py" line="63"/>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="63"/>
        <source>Comment</source>
        <translation>评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="63"/>
        <source>Filed as</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="64"/>
        <source>What she said, or why not</source>
        <translation>主播的回答或未回答原因</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="68"/>
        <source>Answer now</source>
        <translation>立即回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="70"/>
        <source>The presenter answers this comment next, from the catalogue and the FAQ</source>
        <translation>主播接下来根据商品库和常见问题回答这条评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="72"/>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="73"/>
        <source>Do not answer this question</source>
        <translation>不回答这个问题</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="75"/>
        <source>Paste or type viewers&apos; comments here, one a line…</source>
        <translation>在这里粘贴或输入观众评论，每行一条…</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="77"/>
        <source>Send to the desk</source>
        <translation>提交评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="93"/>
        <source>Product (empty: the shop)</source>
        <translation>商品（留空表示全店）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="93"/>
        <source>Question or fact</source>
        <translation>问题或参数</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="93"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="102"/>
        <source>Facts: write 尺码, 颜色, 材质, 发货, 包邮, 售后, 尺码表 or 别名 as the question (lists separated by |). Anything else is a question viewers ask (several ways separated by |) with the presenter&apos;s answer. Prices, discounts and stock come from the catalogue and are checked before anything is said.</source>
        <translation>参数：在“问题”一栏写尺码、颜色、材质、发货、包邮、售后、尺码表或别名（多个值用 | 分隔）。其他内容都当作观众会问的问题（多种问法用 | 分隔），并填写主播的回答。价格、折扣和库存取自商品库，说出口之前都会核对。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="110"/>
        <source>Add a row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="111"/>
        <source>Remove the row</source>
        <translation>删除该行</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="112"/>
        <source>Save the FAQ</source>
        <translation>保存常见问题</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="113"/>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="127"/>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="128"/>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="150"/>
        <source>waiting</source>
        <translation>等待回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="151"/>
        <source>answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="152"/>
        <source>deflected</source>
        <translation>已引导</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="153"/>
        <source>too late (the show was busy)</source>
        <translation>已过时（当时直播忙）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="154"/>
        <source>banned word</source>
        <translation>违禁词</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="155"/>
        <source>spam (link or number)</source>
        <translation>广告（链接或号码）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="156"/>
        <source>against the rules</source>
        <translation>违规用语</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="157"/>
        <source>flood</source>
        <translation>刷屏</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="158"/>
        <source>too many from this viewer</source>
        <translation>该观众发言过快</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="159"/>
        <source>repeated</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="160"/>
        <source>not answered</source>
        <translation>无需回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="161"/>
        <source>over the per-minute cap</source>
        <translation>超过每分钟上限</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="162"/>
        <source>welcomed</source>
        <translation>已欢迎</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="163"/>
        <source>thanked</source>
        <translation>已感谢</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="164"/>
        <source>refused by the queue</source>
        <translation>队列未接收</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="165"/>
        <source>blocked (compliance)</source>
        <translation>已拦截（合规）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="176"/>
        <source>Contains a banned word: %1</source>
        <translation>含违禁词：%1</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="178"/>
        <source>An absolute claim: %1</source>
        <translation>绝对化用语：%1</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="181"/>
        <source>Ignored by the operator</source>
        <translation>运营已忽略</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="183"/>
        <source>Likes are counted, not answered</source>
        <translation>点赞只计数，不回复</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="185"/>
        <source>Welcomed already</source>
        <translation>已经欢迎过</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="186"/>
        <source>Not a question: small talk or a greeting</source>
        <translation>不是提问：闲聊或打招呼</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="188"/>
        <source>Waiting for its turn after the current sentence</source>
        <translation>等当前这句说完后回答</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="189"/>
        <source>Not answered in time: the show was busy</source>
        <translation>没来得及回答：当时直播太忙</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="190"/>
        <source>A link or a contact number</source>
        <translation>含链接或联系方式</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="191"/>
        <source>Too many comments in the room at once</source>
        <translation>同一时间评论太多</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="192"/>
        <source>This viewer is sending too fast</source>
        <translation>该观众发言太快</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="193"/>
        <source>Sent again</source>
        <translation>重复发送</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="194"/>
        <source>Over the per-minute cap for thanks and welcomes</source>
        <translation>超过每分钟感谢和欢迎的上限</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="195"/>
        <source>The show queue is full</source>
        <translation>节目队列已满</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="196"/>
        <source>The answer did not pass the compliance check</source>
        <translation>回答没有通过合规检查</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="204"/>
        <source>came in</source>
        <translation>进入直播间</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="205"/>
        <source>followed</source>
        <translation>关注了</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="206"/>
        <source>liked</source>
        <translation>点赞</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="207"/>
        <source>sent a gift</source>
        <translation>送了礼物</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="208"/>
        <source>placed an order</source>
        <translation>下单了</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="236"/>
        <source>(no name)</source>
        <translation>（无昵称）</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="252"/>
        <source>Answered %1 · deflected %2 · waiting %3 · dropped %4</source>
        <translation>已回答 %1 · 已引导 %2 · 等待 %3 · 已过滤 %4</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="260"/>
        <source>median %1 s from comment to answer on air</source>
        <translation>从评论到回答播出中位数 %1 秒</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="290"/>
        <source>She answers it next.</source>
        <translation>主播接下来回答这条。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="297"/>
        <source>Ignored.</source>
        <translation>已忽略。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="314"/>
        <source>%1 comment(s) sent to the desk.</source>
        <translation>已提交 %1 条评论。</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="351"/>
        <source>FAQ table</source>
        <translation>常见问题表</translation>
    </message>
    <message>
        <location filename="../commentspanel.py" line="354"/>
        <source>FAQ saved: the presenter uses it from now on.</source>
        <translation>常见问题已保存，主播从现在起按它回答。</translation>
    </message>
</context>
<context>
    <name>CompliancePanel</name>
    <message>
        <location filename="../compliancepanel.py" line="102"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="102"/>
        <source>Script, line</source>
        <translation>脚本，第几句</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="102"/>
        <source>Term</source>
        <translation>用语</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="102"/>
        <source>Problem</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="103"/>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="107"/>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="108"/>
        <source>Fix the line…</source>
        <translation>修改这句…</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="109"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="138"/>
        <source>blocked</source>
        <translation>已拦截</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="140"/>
        <source>approved by %1</source>
        <translation>已由 %1 批准</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="158"/>
        <source>No findings: every script line may be spoken.</source>
        <translation>没有发现问题：所有脚本台词都可以播出。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="161"/>
        <source>%1 line(s) are blocked and will be skipped on air; %2 approved.</source>
        <translation>%1 条问题会被拦截、直播时跳过；%2 条已批准。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="187"/>
        <source>Approved.</source>
        <translation>已批准。</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="204"/>
        <source>Line saved.</source>
        <translation>台词已保存。</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../wizard/create.py" line="36"/>
        <source>Creating the presenter</source>
        <translation>正在制作主播</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="38"/>
        <source>Studio learns the face, the mouth and the movements. You can keep working.</source>
        <translation>Studio 正在学习脸部、嘴型和动作。您可以继续做别的事。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="46"/>
        <source>Start again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="70"/>
        <source>Reading the video</source>
        <translation>读取视频</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="71"/>
        <source>Checking the face</source>
        <translation>检查人脸</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="72"/>
        <source>Taking the sound</source>
        <translation>提取声音</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="73"/>
        <source>Following the face and body in every frame</source>
        <translation>逐帧跟踪脸部和身体</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="74"/>
        <source>Smoothing the movements</source>
        <translation>平滑动作</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="75"/>
        <source>Learning the mouth shapes</source>
        <translation>学习嘴型</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="76"/>
        <source>Building the natural idle loop</source>
        <translation>生成自然的待机循环</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="77"/>
        <source>Picking a voice sample</source>
        <translation>挑选声音样本</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="78"/>
        <source>Fitting the lip-sync to this presenter</source>
        <translation>按该主播调校口型</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="79"/>
        <source>Saving</source>
        <translation>保存中</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="94"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="138"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="153"/>
        <source> (%1 of %2)</source>
        <translation>（%1 / %2）</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="163"/>
        <source>Estimating the time left…</source>
        <translation>正在估算剩余时间…</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="165"/>
        <source>Less than a minute left</source>
        <translation>剩余不到一分钟</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="168"/>
        <source>About %1 min left</source>
        <translation>大约还剩 %1 分钟</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="179"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="181"/>
        <source>Took %1 s.</source>
        <translation>用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="190"/>
        <source>Lip-sync fitted to her voice: her lips follow the sound %2 out of 100 (%1 before fitting; checked on %3 parts of her clip it did not learn from, the weakest %4).</source>
        <translation>口型已按她的声音调好：嘴型跟声音的吻合度 %2 分（满分 100，调之前 %1 分；用她视频里没学过的 %3 段检验，最低一段 %4 分）。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="201"/>
        <source>Notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="209"/>
        <source>The presenter could not be created.</source>
        <translation>主播制作失败。</translation>
    </message>
    <message>
        <location filename="../wizard/create.py" line="218"/>
        <source>Cancelled. Nothing was kept.</source>
        <translation>已取消，没有保留任何文件。</translation>
    </message>
</context>
<context>
    <name>FixDialog</name>
    <message>
        <location filename="../compliancepanel.py" line="72"/>
        <source>Fix a line</source>
        <translation>修改台词</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="79"/>
        <source>Suggestion: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="85"/>
        <source>Save the line</source>
        <translation>保存台词</translation>
    </message>
    <message>
        <location filename="../compliancepanel.py" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../helpdialog.py" line="25"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="34"/>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="36"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="52"/>
        <source>&lt;p&gt;Copy the &lt;b&gt;server address&lt;/b&gt; into “Server URL” and the &lt;b&gt;stream key&lt;/b&gt; (推流码) into “Stream key”, then press “Start streaming”. The key is a password: whoever has it can stream to your room; get a new one if it leaks. Platforms change their pages from time to time: when these steps differ, follow the platform&apos;s own guide.&lt;/p&gt;</source>
        <translation>&lt;p&gt;把&lt;b&gt;服务器地址&lt;/b&gt;复制到“服务器地址”一栏，把&lt;b&gt;推流码&lt;/b&gt;复制到“推流密钥”一栏，然后点“开始推流”。推流码相当于密码：谁拿到它就能往您的直播间推流，泄露了请重新获取。各平台的页面时常改版：如果和上面的步骤不一样，请以平台自己的说明为准。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="60"/>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="62"/>
        <source>&lt;ol&gt;&lt;li&gt;Open 抖音直播伴侣 on the computer, or the Douyin live console in the browser, and log in with your shop account.&lt;/li&gt;&lt;li&gt;Choose to go live with a third-party tool (第三方推流 / OBS 推流).&lt;/li&gt;&lt;li&gt;The page shows the server address and the stream key (推流码).&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;在电脑上打开“抖音直播伴侣”，或在浏览器里打开抖音直播中控台，用店铺账号登录。&lt;/li&gt;&lt;li&gt;开播方式选择“第三方推流”（也叫“OBS 推流”）。&lt;/li&gt;&lt;li&gt;页面上会显示服务器地址和推流码。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="71"/>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="73"/>
        <source>&lt;ol&gt;&lt;li&gt;Open 快手直播伴侣 or the Kuaishou live console in the browser and log in.&lt;/li&gt;&lt;li&gt;In the live settings choose streaming from another program (推流直播).&lt;/li&gt;&lt;li&gt;Copy the push address and the stream key it shows.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;打开“快手直播伴侣”，或在浏览器里打开快手直播中控台并登录。&lt;/li&gt;&lt;li&gt;在开播设置里选择“推流直播”（用其他软件推流）。&lt;/li&gt;&lt;li&gt;复制页面上显示的推流地址和推流密钥。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="81"/>
        <source>Taobao Live</source>
        <translation>淘宝直播</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="83"/>
        <source>&lt;ol&gt;&lt;li&gt;Open the Taobao Live console (淘宝直播中控台) in the browser and create a live session.&lt;/li&gt;&lt;li&gt;As the way to stream, choose a third-party tool (第三方推流).&lt;/li&gt;&lt;li&gt;Copy the push address (推流地址); where it is one long address, the part after the last “/” is the key.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;在浏览器里打开“淘宝直播中控台”，创建一场直播。&lt;/li&gt;&lt;li&gt;推流方式选择“第三方推流”。&lt;/li&gt;&lt;li&gt;复制推流地址；如果只给了一整条地址，最后一个“/”后面的部分就是推流密钥。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="92"/>
        <source>WeChat Channels</source>
        <translation>视频号</translation>
    </message>
    <message>
        <location filename="../helpdialog.py" line="94"/>
        <source>&lt;ol&gt;&lt;li&gt;Open 视频号助手 in the browser and scan the code with WeChat.&lt;/li&gt;&lt;li&gt;Under live streaming create a live session and choose to stream with a tool (推流直播).&lt;/li&gt;&lt;li&gt;Copy the push address (推流地址) and the stream key (推流密钥).&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;在浏览器里打开“视频号助手”，用微信扫码登录。&lt;/li&gt;&lt;li&gt;在“直播”里创建直播，选择“推流直播”（用工具推流）。&lt;/li&gt;&lt;li&gt;复制推流地址和推流密钥。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../queuepanel.py" line="175"/>
        <source>said</source>
        <translation>已说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="175"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="176"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="177"/>
        <source>cut short</source>
        <translation>被打断</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="178"/>
        <source>blocked (compliance)</source>
        <translation>已拦截（合规）</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="179"/>
        <source>quarantined (the show stopped on it twice)</source>
        <translation>已隔离（直播两次在这句中断）</translation>
    </message>
</context>
<context>
    <name>Hotkeys</name>
    <message>
        <location filename="../hotkeys.py" line="23"/>
        <source>Start streaming</source>
        <translation>开始推流</translation>
    </message>
    <message>
        <location filename="../hotkeys.py" line="24"/>
        <source>Stop streaming</source>
        <translation>停止推流</translation>
    </message>
    <message>
        <location filename="../hotkeys.py" line="27"/>
        <source>Say the typed line now (urgent)</source>
        <translation>立即插播输入好的话</translation>
    </message>
    <message>
        <location filename="../hotkeys.py" line="29"/>
        <source>Skip the line on air</source>
        <translation>跳过正在说的这句</translation>
    </message>
    <message>
        <location filename="../hotkeys.py" line="31"/>
        <source>Pause after this line / resume</source>
        <translation>说完这句后暂停 / 继续</translation>
    </message>
    <message>
        <location filename="../hotkeys.py" line="34"/>
        <source>Show the next product</source>
        <translation>展示下一个商品</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../logview.py" line="70"/>
        <source>Information</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../logview.py" line="71"/>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <location filename="../logview.py" line="72"/>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <location filename="../logview.py" line="73"/>
        <source>Everything (debug)</source>
        <translation>全部（调试）</translation>
    </message>
    <message>
        <location filename="../logview.py" line="76"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../logview.py" line="79"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../mainwindow.py" line="69"/>
        <source>Studio — digital presenter live room</source>
        <translation>Studio — 数字人直播间</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="92"/>
        <source>Show queue</source>
        <translation>播出队列</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="93"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="94"/>
        <source>Compliance</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="95"/>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="96"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="105"/>
        <source>Preview (what viewers see)</source>
        <translation>预览（观众看到的画面）</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="191"/>
        <location filename="../mainwindow.py" line="581"/>
        <source>Studio</source>
        <translation>Studio</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="194"/>
        <source>Presenter:</source>
        <translation>主播：</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="199"/>
        <source>Scene:</source>
        <translation>场景：</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="208"/>
        <source>New presenter…</source>
        <translation>新建主播…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="211"/>
        <source>Her voice…</source>
        <translation>录真人声音…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="213"/>
        <location filename="../mainwindow.py" line="250"/>
        <source>She reads short lines once; the show then speaks them in her own voice</source>
        <translation>主播把一些短句读一遍，直播时这些话就用她本人的声音说</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="217"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="220"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="223"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="242"/>
        <source>Her voice was updated.</source>
        <translation>真人声音已更新。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="248"/>
        <source>The demo presenter speaks with speech synthesis; choose your own presenter</source>
        <translation>示范主播用语音合成说话；请先选择您自己的主播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="271"/>
        <source>Demo presenter (photo)</source>
        <translation>演示主播（照片）</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="275"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="275"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="307"/>
        <source>This scene has another picture size.</source>
        <translation>这个场景的画面尺寸不同。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="308"/>
        <source>Stop the stream to change to it.</source>
        <translation>请先停止推流，再切换到这个场景。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="320"/>
        <source>Stop the stream to change this</source>
        <translation>停止推流后才能修改</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="346"/>
        <source>Starting the preview…</source>
        <translation>正在启动预览…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="375"/>
        <location filename="../mainwindow.py" line="506"/>
        <source>Preview running</source>
        <translation>预览运行中</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="378"/>
        <source>Scripts and the command `studio live insert` reach this show at 127.0.0.1:%1 (the control port; it stays the same when you change the presenter or the scene).</source>
        <translation>脚本和 `studio live insert` 命令通过 127.0.0.1:%1 控制这场直播（控制端口；更换主播或场景后保持不变）。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="401"/>
        <source>The preview could not start.</source>
        <translation>预览无法启动。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="408"/>
        <source>The presenter “%1” cannot go on air yet; the demo presenter is back.</source>
        <translation>主播“%1”暂时还不能上播，已换回演示主播。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="430"/>
        <source>The show stopped: %1</source>
        <translation>直播已停止：%1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="452"/>
        <source>Restarting the preview…</source>
        <translation>正在重新启动预览…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="487"/>
        <source>Her voice: this line %1 · so far %2</source>
        <translation>真人声音：本句 %1 · 累计 %2</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="493"/>
        <source>How much of what the presenter says is her own recorded voice; the rest is speech synthesis. Read more lines with “Her voice…”.</source>
        <translation>主播说的话里有多少是她本人录的声音；其余是语音合成。点“录真人声音…”可以多录一些句子。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="502"/>
        <source>Live: viewers see the show</source>
        <translation>直播中：观众能看到</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="503"/>
        <source>Stream interrupted: reconnecting, no new line starts</source>
        <translation>直播中断：正在重连，暂不开始新的台词</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="504"/>
        <source>Connecting to the platform…</source>
        <translation>正在连接平台…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="505"/>
        <source>Not live: see the stream panel</source>
        <translation>未在直播：请看推流面板</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="518"/>
        <source>Enter the server URL first.</source>
        <translation>请先填写服务器地址。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="519"/>
        <source>Your platform&apos;s live settings show it (it starts with rtmp://).</source>
        <translation>在直播平台的开播设置里可以找到（以 rtmp:// 开头）。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="547"/>
        <source>Streaming to %1</source>
        <translation>正在推流到 %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="568"/>
        <source>Stopping the stream…</source>
        <translation>正在停止推流…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="573"/>
        <source>The stream stopped. The preview goes on.</source>
        <translation>推流已停止，预览继续。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="585"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="600"/>
        <source>Presenter %1 saved.</source>
        <translation>主播 %1 已保存。</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="658"/>
        <source>You are live</source>
        <translation>正在直播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="659"/>
        <source>Viewers are watching. Stop the stream and close Studio?</source>
        <translation>观众正在观看。要停止推流并关闭 Studio 吗？</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="660"/>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="661"/>
        <source>Keep streaming</source>
        <translation>继续直播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="669"/>
        <source>A presenter is being made</source>
        <translation>正在制作主播</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="671"/>
        <source>The new presenter is not saved. Close and delete it?</source>
        <translation>新主播还没有保存。关闭并删除它吗？</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="673"/>
        <source>Closing Studio stops making the new presenter. Close anyway?</source>
        <translation>关闭 Studio 会停止制作新主播。仍要关闭吗？</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="674"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="675"/>
        <source>Keep working</source>
        <translation>继续制作</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="684"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../mainwindow.py" line="685"/>
        <source>Stopping the show…</source>
        <translation>正在停止直播…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../wizard/preview.py" line="35"/>
        <source>Hear and see the presenter</source>
        <translation>看看、听听主播</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="38"/>
        <source>Say it</source>
        <translation>说一遍</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="39"/>
        <source>Play with sound</source>
        <translation>带声音播放</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="80"/>
        <source>Hello and welcome to the live room! Today I have something special for you.</source>
        <translation>大家好，欢迎来到直播间！今天给大家带来一款好物。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="127"/>
        <source>Shown with the simpler photo animation: the presenter renderer could not be used (%1).</source>
        <translation>这里用较简单的照片动画展示：主播渲染器暂时无法使用（%1）。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="101"/>
        <source>Rendering the test sentence…</source>
        <translation>正在生成测试台词…</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="36"/>
        <source>A test sentence, as it will look and sound on air.</source>
        <translation>说一句测试台词，看看上播时的样子、听听声音。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="40"/>
        <source>Plays the clip from the start with its sound</source>
        <translation>从头播放这段预览，带声音</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="119"/>
        <source>Rendering the test sentence… %1%</source>
        <translation>正在生成测试台词… %1%</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="123"/>
        <source>This is how the presenter will look on air.</source>
        <translation>这就是主播在直播中的样子。</translation>
    </message>
    <message>
        <location filename="../wizard/preview.py" line="165"/>
        <source>The sound could not be played: %1</source>
        <translation>无法播放声音：%1</translation>
    </message>
</context>
<context>
    <name>ProductsPanel</name>
    <message>
        <location filename="../productspanel.py" line="48"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="48"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="48"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="48"/>
        <source>Try-on</source>
        <translation>试穿</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="55"/>
        <source>Show this product now</source>
        <translation>立即展示这个商品</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="57"/>
        <source>Puts its card on screen and dresses the presenter in its try-on asset</source>
        <translation>在画面上显示商品卡片，并让主播换上它的试穿素材</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="59"/>
        <source>Import products or scripts…</source>
        <translation>导入商品或脚本…</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="60"/>
        <source>Load the demo shop</source>
        <translation>载入演示店铺</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="61"/>
        <source>Four sample products and scripts to try Studio</source>
        <translation>四件示例商品和脚本，用来试用 Studio</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="64"/>
        <source>No products yet. Import your product list (a spreadsheet saved as CSV) and your scripts (a text file, one line per sentence), or load the demo shop to try things out.</source>
        <translation>还没有商品。请导入商品表（用表格软件另存为 CSV 即可）和脚本（文本文件，一句一行），或者先载入演示店铺试一试。</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="117"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="127"/>
        <source>Product in the show now: %1</source>
        <translation>当前直播中的商品：%1</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="129"/>
        <source>No product on screen yet.</source>
        <translation>画面上还没有商品。</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="159"/>
        <source>Import products or scripts</source>
        <translation>导入商品或脚本</translation>
    </message>
    <message>
        <location filename="../productspanel.py" line="161"/>
        <source>Products and scripts (*.csv *.json *.toml *.txt)</source>
        <translation>商品和脚本 (*.csv *.json *.toml *.txt)</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <location filename="../queuepanel.py" line="46"/>
        <source>Show product: %1</source>
        <translation>展示商品：%1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="48"/>
        <source>Switch scene: %1</source>
        <translation>切换场景：%1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="52"/>
        <source>Pause %1 ms</source>
        <translation>停顿 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="54"/>
        <source>Play recording: %1</source>
        <translation>播放录音：%1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../queuepanel.py" line="203"/>
        <source>On air now</source>
        <translation>正在播出</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="204"/>
        <location filename="../queuepanel.py" line="314"/>
        <source>Nothing is playing.</source>
        <translation>当前没有播出内容。</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="208"/>
        <source>Skip this line</source>
        <translation>跳过这句</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="209"/>
        <location filename="../queuepanel.py" line="301"/>
        <source>Pause after this line</source>
        <translation>说完这句后暂停</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="220"/>
        <source>Up next</source>
        <translation>接下来</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="234"/>
        <source>Bold lines are the ones you typed: drag them up or down. Grey lines come from your scripts and follow the playlist.</source>
        <translation>粗体是您插入的台词，可以上下拖动调整顺序；灰色的来自脚本，按播放列表顺序播出。</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="241"/>
        <source>Type a line for the presenter to say…</source>
        <translation>输入要主播说的话…</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="242"/>
        <source>Say next</source>
        <translation>接着说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="243"/>
        <source>After the line on air and your earlier lines</source>
        <translation>在当前这句和您之前插入的台词之后说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="244"/>
        <source>Say now (urgent)</source>
        <translation>马上说（插播）</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="246"/>
        <source>Cuts the line on air at the next word and says this first</source>
        <translation>在当前这句的下一个词处打断，先说这句</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="254"/>
        <source>Nothing to say yet: import products and scripts in the Products tab (or load the demo shop there), or type a line below.</source>
        <translation>还没有要说的内容：请在“商品”页导入商品和脚本（或载入演示店铺），或者在下面输入一句话。</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="266"/>
        <source>Already said</source>
        <translation>已经说过</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="301"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="305"/>
        <source>Waiting for a line</source>
        <translation>等待台词</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="306"/>
        <source>Speaking</source>
        <translation>正在说</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="307"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>SavePage</name>
    <message>
        <location filename="../wizard/save.py" line="28"/>
        <source>Name and save</source>
        <translation>命名并保存</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="29"/>
        <source>The name shows in the presenter list.</source>
        <translation>这个名字会显示在主播列表中。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="31"/>
        <source>e.g. Lily, 小美</source>
        <translation>例如：小美、Lily</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="35"/>
        <source>Replace the presenter of that name</source>
        <translation>替换同名主播</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="41"/>
        <source>Name:</source>
        <translation>名字：</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="61"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="61"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="63"/>
        <source>Made from the %1 %2.</source>
        <translation>由%1 %2 制作。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="66"/>
        <source>Saved in %1.</source>
        <translation>保存在 %1。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="67"/>
        <source>After saving, choose it in the Presenter list of the main window.</source>
        <translation>保存后，可以在主窗口的“主播”列表中选择它。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="84"/>
        <source>Names starting with “draft-” are kept for the wizard.</source>
        <translation>以“draft-”开头的名字留给向导使用。</translation>
    </message>
    <message>
        <location filename="../wizard/save.py" line="86"/>
        <source>A presenter with this name exists.</source>
        <translation>已有同名主播。</translation>
    </message>
</context>
<context>
    <name>Scenes</name>
    <message>
        <location filename="../scenes.py" line="34"/>
        <source>Main view</source>
        <translation>主画面</translation>
    </message>
    <message>
        <location filename="../scenes.py" line="35"/>
        <source>Close-up</source>
        <translation>特写</translation>
    </message>
    <message>
        <location filename="../scenes.py" line="36"/>
        <source>Vertical room (Douyin, Kuaishou)</source>
        <translation>竖屏直播间（抖音、快手）</translation>
    </message>
    <message>
        <location filename="../scenes.py" line="37"/>
        <source>Landscape room</source>
        <translation>横屏直播间</translation>
    </message>
    <message>
        <location filename="../scenes.py" line="38"/>
        <source>Vertical, plain background</source>
        <translation>竖屏·纯色背景</translation>
    </message>
    <message>
        <location filename="../scenes.py" line="39"/>
        <source>Landscape, plain background</source>
        <translation>横屏·纯色背景</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settingsdialog.py" line="31"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="39"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="50"/>
        <source>Add a voice pack…</source>
        <translation>添加声音包…</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="52"/>
        <source>A Piper voice: the .onnx file, with its .onnx.json beside it</source>
        <translation>Piper 声音：选择 .onnx 文件（同一文件夹里要有它的 .onnx.json）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="60"/>
        <source>Use the graphics card when there is one</source>
        <translation>有显卡时使用显卡</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="61"/>
        <source>Processor only</source>
        <translation>只用处理器</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="65"/>
        <source>As the scene says</source>
        <translation>按场景设置</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="66"/>
        <source>Vertical 720×1280 (Douyin, Kuaishou)</source>
        <translation>竖屏 720×1280（抖音、快手）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="67"/>
        <source>Vertical 1080×1920 (needs a fast upload)</source>
        <translation>竖屏 1080×1920（需要较快的上传网速）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="68"/>
        <source>Landscape 1280×720</source>
        <translation>横屏 1280×720</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="69"/>
        <source>Landscape 1920×1080</source>
        <translation>横屏 1920×1080</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="73"/>
        <source>As the system (Chinese on a Chinese system)</source>
        <translation>跟随系统（中文系统用中文）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="79"/>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="80"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="81"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="84"/>
        <source>Remember the stream key on this computer</source>
        <translation>在这台电脑上记住推流密钥</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="87"/>
        <source>Kept in %1, a file only your user account can read. Off: type the key each time.</source>
        <translation>保存在 %1，只有您的系统账户能读取。不勾选：每次开播时重新输入推流密钥。</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="96"/>
        <location filename="../settingsdialog.py" line="189"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="97"/>
        <source>Chinese voice</source>
        <translation>中文声音</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="98"/>
        <source>English voice</source>
        <translation>英文声音</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="104"/>
        <source>Look</source>
        <translation>界面外观</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="136"/>
        <source>Automatic (the best installed)</source>
        <translation>自动（用已安装的最好的声音）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="137"/>
        <source>eSpeak NG (built in, robotic)</source>
        <translation>eSpeak NG（内置，机器音）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="139"/>
        <source>Joe (Piper, natural English)</source>
        <translation>Joe（Piper，自然的英文男声）</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="145"/>
        <source>Licence: %1 · from %2</source>
        <translation>许可证：%1 · 来源：%2</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="154"/>
        <source>Add a voice pack</source>
        <translation>添加声音包</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="154"/>
        <source>Piper voices (*.onnx)</source>
        <translation>Piper 声音 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="161"/>
        <source>Checking and installing the voice…</source>
        <translation>正在检查并安装声音…</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="168"/>
        <source>Installed %1 (licence: %2).</source>
        <translation>已安装 %1（许可证：%2）。</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="101"/>
        <source>GPU</source>
        <translation>显卡</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="102"/>
        <source>Output size</source>
        <translation>输出画面</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="103"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="110"/>
        <source>The data folder holds avatars, products, scripts and logs. Changes to the data folder, GPU and language apply the next time Studio starts; voice and output size when the preview restarts.</source>
        <translation>数据文件夹保存主播、商品、脚本和日志。数据文件夹、显卡和语言的修改在下次启动 Studio 时生效；音色和输出画面在预览重新启动时生效。</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="120"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../settingsdialog.py" line="121"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ShowClient</name>
    <message>
        <location filename="../showclient.py" line="183"/>
        <source>Line queued.</source>
        <translation>台词已加入队列。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="186"/>
        <source>Skipped.</source>
        <translation>已跳过。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="189"/>
        <source>Paused after the current line.</source>
        <translation>说完当前这句后暂停。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="192"/>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="196"/>
        <source>Order changed.</source>
        <translation>顺序已调整。</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="207"/>
        <source>Product on screen: %1</source>
        <translation>画面上的商品：%1</translation>
    </message>
    <message>
        <location filename="../showclient.py" line="212"/>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
</context>
<context>
    <name>Sound</name>
    <message>
        <location filename="../sound.py" line="42"/>
        <source>Sound output needs PortAudio (the libportaudio2 package).</source>
        <translation>播放声音需要 PortAudio 声音组件（安装程序会自动装好；如仍缺少，请联系技术支持）。</translation>
    </message>
    <message>
        <location filename="../sound.py" line="51"/>
        <source>No sound output device was found.</source>
        <translation>没有找到可用的声音输出设备（扬声器或耳机）。</translation>
    </message>
    <message>
        <location filename="../sound.py" line="136"/>
        <source>What viewers hear: %1 dB (peak %2 dB; 0 dB is the loudest possible)</source>
        <translation>观众听到的音量：%1 dB（峰值 %2 dB；0 dB 为最大音量）</translation>
    </message>
    <message>
        <location filename="../microphone.py" line="31"/>
        <source>No microphone was found.</source>
        <translation>没有找到麦克风。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="144"/>
        <source>Microphone: %1 dB (peak %2 dB; 0 dB is the loudest possible)</source>
        <translation>麦克风：%1 分贝（峰值 %2 分贝；0 分贝是最响）</translation>
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
        <location filename="../streampanel.py" line="50"/>
        <source>Live stream</source>
        <translation>直播推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="53"/>
        <source>rtmp://… (from your platform&apos;s live settings)</source>
        <translation>rtmp://…（在直播平台的开播设置里找）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="56"/>
        <source>stream key (kept hidden)</source>
        <translation>推流密钥（隐藏显示）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="58"/>
        <location filename="../streampanel.py" line="192"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="60"/>
        <source>Show or hide the stream key</source>
        <translation>显示或隐藏推流密钥</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="74"/>
        <source>Server URL</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="75"/>
        <source>Stream key</source>
        <translation>推流密钥</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="66"/>
        <source>Where do I find these?</source>
        <translation>推流地址和密钥在哪里找？</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="69"/>
        <source>Where Douyin, Kuaishou, Taobao and WeChat Channels show them</source>
        <translation>抖音、快手、淘宝、视频号分别在哪里显示推流地址和密钥</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="88"/>
        <source>Start streaming</source>
        <translation>开始推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="90"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="100"/>
        <source>Test</source>
        <translation>测试推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="103"/>
        <source>Push the preview for about 10 seconds to check the address, the key and your upload speed. Where the room is already open on the platform, viewers may see it.</source>
        <translation>把预览画面推送约 10 秒，检查推流地址、密钥和上传速度。如果平台上的直播间已经开播，观众可能会看到这段测试画面。</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="119"/>
        <source>Bitrate</source>
        <translation>码率</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="119"/>
        <source>Data sent to the platform per second</source>
        <translation>每秒发送到平台的数据量</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="122"/>
        <source>Frames/s</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="123"/>
        <source>Pictures per second in the output (25 is right)</source>
        <translation>输出画面每秒的帧数（25 为正常）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="127"/>
        <source>Live for</source>
        <translation>已直播</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="128"/>
        <source>Time the platform has received the stream since you pressed Start</source>
        <translation>点击开始后，平台实际收到直播画面的时长（断线期间不计）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="132"/>
        <source>A/V offset</source>
        <translation>音画偏差</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="133"/>
        <source>How far sound and picture are apart; 0 ms is in sync</source>
        <translation>声音和画面相差多少；0 毫秒表示同步</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="137"/>
        <source>Late frames</source>
        <translation>迟到帧</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="139"/>
        <source>Pictures the computer could not draw in time (the previous one was shown again); a few are harmless, a steady rise means the computer is too busy</source>
        <translation>电脑没能及时画出的画面（会重复上一帧）；少量没关系，持续增加说明电脑太忙</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="145"/>
        <source>Dropped frames</source>
        <translation>丢帧</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="146"/>
        <source>Pictures left out because the upload was too slow</source>
        <translation>因为上传太慢而丢掉的画面</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="150"/>
        <source>Reconnects</source>
        <translation>重连次数</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="151"/>
        <source>Times the connection to the platform was lost and made again</source>
        <translation>与平台的连接断开后重新连上的次数</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="165"/>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="171"/>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="192"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="207"/>
        <source>Play what viewers hear on this computer (use headphones)</source>
        <translation>在这台电脑上播放观众听到的声音（请戴耳机，以免回声）</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="220"/>
        <source>The sound could not be played: %1</source>
        <translation>无法播放声音：%1</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="245"/>
        <source>Not streaming</source>
        <translation>未推流</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="246"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="247"/>
        <source>LIVE</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="248"/>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="249"/>
        <source>Problem</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="260"/>
        <source>The preview runs; viewers see nothing until you start.</source>
        <translation>预览正在运行；点击开始之前观众看不到画面。</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="262"/>
        <source>Connecting to the platform…</source>
        <translation>正在连接直播平台…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="265"/>
        <source>The connection to the platform was lost; reconnecting by itself (try %1). No new line starts until viewers can hear it again.</source>
        <translation>与平台的连接断了，正在自动重连（第 %1 次）。在观众重新能听到之前，不开始新的台词。</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="269"/>
        <source>trying again in %1 s</source>
        <translation>%1 秒后重试</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="272"/>
        <source>The upload is too slow: some frames are dropped.</source>
        <translation>上传太慢：部分画面被丢弃。</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="288"/>
        <source>Testing the stream for about 10 seconds…</source>
        <translation>正在测试推流，大约 10 秒…</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="298"/>
        <source>The test could not connect: %1</source>
        <translation>测试没能连上平台：%1</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="301"/>
        <source>Test passed: the address and key work and your upload keeps up (%1 kb/s sent).</source>
        <translation>测试通过：地址和密钥可用，上传速度够用（每秒发送 %1 kb）。</translation>
    </message>
    <message>
        <location filename="../streampanel.py" line="305"/>
        <source>Your upload is too slow for this stream: %1 frames could not be sent. Use a faster connection, or choose a smaller output size in the settings.</source>
        <translation>上传速度跟不上：有 %1 帧画面没能发出去。请换用更快的网络，或在“设置”里选小一点的输出尺寸。</translation>
    </message>
</context>
<context>
    <name>UpNextModel</name>
    <message>
        <location filename="../queuepanel.py" line="95"/>
        <source>[urgent] %1</source>
        <translation>[插播] %1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="97"/>
        <source>[your line] %1</source>
        <translation>[您的台词] %1</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="101"/>
        <source>Inserted line: drag it to change when it plays</source>
        <translation>插入的台词：拖动可以改变播出时间</translation>
    </message>
    <message>
        <location filename="../queuepanel.py" line="102"/>
        <source>From the script: %1</source>
        <translation>来自脚本：%1</translation>
    </message>
</context>
<context>
    <name>VoiceLinesDialog</name>
    <message>
        <location filename="../voicelines.py" line="511"/>
        <source>Your voice for “%1”</source>
        <translation>“%1”的真人声音</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="514"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>VoiceLinesPanel</name>
    <message>
        <location filename="../voicelines.py" line="102"/>
        <source>Read each line below into the microphone once, evenly, as you speak on air. On air, every line you have read is said in your own voice, and prices and counts are put together from the numbers you read; speech synthesis says only the rest. You can stop at any time and go on later.</source>
        <extracomment>Makes her shop&apos;s sheet (the show&apos;s own lines) when she chooses it.</extracomment>
        <translation>请对着麦克风把下面每一句平稳地读一遍，就像直播时说话那样。读过的句子，直播时会用您自己的声音说；价格和数量会用您读过的数字拼出来；其余的才由语音合成来说。随时可以停下，下次接着读。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="110"/>
        <source>Generic sheet</source>
        <translation>通用稿</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="111"/>
        <source>My shop&apos;s sheet</source>
        <translation>我的商品稿</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="114"/>
        <source>Greetings, calls, shipping lines and the pieces of prices: for every show</source>
        <translation>问候、引导关注、发货说明和价格的各个部分：每场直播都用得上</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="120"/>
        <source>The lines of your own show (product descriptions, names, selling points) that the generic sheet does not have; prices and stock stay your number words</source>
        <translation>你自己直播里通用稿没有的句子（商品介绍、商品名、卖点）；价格和库存仍由你读的数字拼出来</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="126"/>
        <source>Read</source>
        <translation>已读</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="126"/>
        <source>Line</source>
        <translation>句子</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="135"/>
        <location filename="../voicelines.py" line="314"/>
        <source>Record this line</source>
        <translation>录这一句</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="137"/>
        <source>Previous</source>
        <translation>上一句</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="139"/>
        <source>Next line</source>
        <translation>下一句</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="141"/>
        <source>Hear my take</source>
        <translation>听录音</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="147"/>
        <source>Import a recording…</source>
        <translation>导入整段录音…</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="149"/>
        <source>One recording of the whole sheet read in order, a pause after each line</source>
        <translation>一段按顺序读完整份稿子的录音，每句之后停顿一下</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="152"/>
        <source>Import a folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="154"/>
        <source>One file per line, each named by the line&apos;s number (e.g. greet.01.wav)</source>
        <translation>每句一个文件，文件名用句子编号（例如 greet.01.wav）</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="172"/>
        <source>Sheet:</source>
        <translation>稿子：</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="190"/>
        <source>%1 Record on your phone instead and use “Import a recording…”.</source>
        <translation>%1 可以先用手机录好，再点“导入整段录音…”。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="223"/>
        <source>Making your shop&apos;s sheet from your show…</source>
        <translation>正在从你的直播内容生成我的商品稿…</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="241"/>
        <source>Your show has no lines of its own to read yet: import your products and scripts first (Products, Import products or scripts…). The generic sheet is shown.</source>
        <translation>你的直播还没有自己的句子可读：请先导入商品和脚本（商品 › 导入商品或脚本…）。现在显示的是通用稿。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="249"/>
        <source>Your shop&apos;s sheet: %1 lines from your show.</source>
        <translation>我的商品稿：来自你直播的 %1 句。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="295"/>
        <source>Read: this line is said in your voice</source>
        <translation>已读：直播时这句用您自己的声音</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="303"/>
        <source>%1 of %2 lines read</source>
        <translation>已读 %1 / %2 句</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="314"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="336"/>
        <source>Line %1 of %2</source>
        <translation>第 %1 句，共 %2 句</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="358"/>
        <source>The microphone did not start: %1</source>
        <translation>麦克风没能打开：%1</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="361"/>
        <source>Recording… read the line, then press Stop.</source>
        <translation>正在录音……读完这一句后点“停止”。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="370"/>
        <source>That was too short: press Record, read the line, then Stop.</source>
        <translation>录得太短了：点“录这一句”，读完再点“停止”。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="382"/>
        <source>Checking the take…</source>
        <translation>正在检查这段录音…</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="390"/>
        <source>Kept: this line will be said in your voice.</source>
        <translation>已保存：直播时这句会用您自己的声音。</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="442"/>
        <source>The recording of the sheet</source>
        <translation>稿子的录音</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="444"/>
        <source>Recordings (%1)</source>
        <translation>录音 (%1)</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="450"/>
        <source>A folder of one file per line</source>
        <translation>每句一个文件的文件夹</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="459"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../voicelines.py" line="471"/>
        <source>Kept %1 lines; %2 did not say their text (marked ✖: read them again).</source>
        <translation>保存了 %1 句；有 %2 句和稿子对不上（标着 ✖，请重读）。</translation>
    </message>
</context>
<context>
    <name>VoicePage</name>
    <message>
        <location filename="../wizard/voice.py" line="22"/>
        <source>Her own voice (you may skip this)</source>
        <translation>主播本人的声音（可以跳过）</translation>
    </message>
    <message>
        <location filename="../wizard/voice.py" line="25"/>
        <source>About ten minutes of reading makes most of a show speak in her own voice. Skip it now and do it later with “Her voice…” in the window.</source>
        <translation>读大约十分钟，直播里大部分话就能用她本人的声音说。现在可以跳过，以后在主窗口点“录真人声音…”再录。</translation>
    </message>
</context>
</TS>
