"""Speech the project makes itself, with known mouth labels, to train the audio model.

Nothing is downloaded (DESIGN.md §1): texts are generated from the word and character
lists below and the shipped demo texts (assets/demo), spoken by eSpeak NG (Mandarin and
English, many voices, variants, rates and pitches; optionally other eSpeak languages
reading made-up words or the common-word lists below) and Piper (English), and labelled
with the mouth curves of their own phoneme timelines
(:func:`studio.lipsync.trajectory.mouth_curves_ms` with ``DEFAULT_TARGETS``).

Utterances are joined into *sessions* of one voice with pauses between them, like a
recorded clip, because the features are normalised per clip.

Voices, variants and words are split once into a training part and a held-out part, so
the held-out metrics are measured on voices and texts the model never heard.
"""

from __future__ import annotations

import csv
import logging
import re
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import tomllib

from studio.core.paths import assets_dir
from studio.core.timeline import SAMPLE_RATE
from studio.lipsync import features as F
from studio.lipsync.trajectory import DEFAULT_TARGETS, mouth_curves_ms
from studio.phonetics.utterance import Phoneme
from studio.phonetics.viseme import Viseme
from studio.speech.engine import get_engine

log = logging.getLogger(__name__)

ZH, EN = "zh", "en"

# fmt: off
_EN_WORDS_TEXT = """
a about above across act add after again age ago air all almost alone along already also
always am among an and animal another answer any appear apple area arm around arrive art
as ask at away baby back bad bag ball bank base be bear beat beautiful because bed been
before began begin behind believe bell best better between big bird bit black blue board
boat body bone book born both bottom box boy bread break bright bring broad brother brown
build burn busy but buy by call came can car care carry case cat catch caught cause cell
center chair chance change charge check child choose church circle city class clean clear
climb clock close cloth cloud coast coat cold color come common company copy corn cost
could count country course cover cow crowd cry cup cut dance dark day dead deal dear
decide deep did die different dinner direct do doctor does dog dollar done door double
down draw dream dress drink drive drop dry during each ear early earth east easy eat edge
egg eight either else end enough even evening ever every example eye face fact fair fall
family far farm fast father fear feel feet few field fight fill final find fine finger
fire first fish fit five floor flower fly follow food foot for force forest form four
free fresh friend from front fruit full fun game garden gather gave get girl give glass
go gold good got grass gray great green ground group grow guess hair half hand happen
happy hard has hat have he head hear heart heat heavy help her here high hill him his
hold home hope horse hot hour house how huge human hundred hunt hurry I ice idea if
inch into iron island it job join joy jump just keep key kind king kitchen knew know
lady lake land large last late laugh law lay lead learn least leave left leg less let
letter level lie life lift light like line lip list listen little live long look lost
love low machine made main make man many map mark market match may me mean meat meet
middle might mile milk mind minute miss modern moment money month moon more morning most
mother mountain mouth move much music must my name nation near neck need never new next
nice night nine no noise north nose not note nothing now number object ocean of off offer
office often oh old on once one only open or order other our out over own page paint
pair paper park part party pass past path pay people perhaps person pick picture piece
place plain plan plant play please poem point poor position pound power press pretty
price print problem pull push put quick quiet quite race rain raise ran reach read ready
real reason red remember rest rich ride right ring river road rock roll room root rope
rose round row rule run safe said sail salt same sand save saw say school science sea
season seat second see seed seem sell send sense serve set seven shall shape share sharp
she sheep shell shine ship shoe shop short should shoulder shout show side sight sign
silver simple since sing sister sit six size skin sky sleep slow small smell smile snow
so soft soil soldier some son song soon sound south space speak special speed spell spend
spring square stand star start state stay steel step stick still stone stood stop store
story straight strange street strong study such sugar suit summer sun supply sure surprise
swim system table tail take talk tall teach team teeth tell ten test than thank that the
their them then there these they thick thin thing think third this those though three
through throw tie time tiny to today together told tomorrow tone too took tool top touch
toward town track trade train travel tree trip trouble true try turn twelve two under
until up upon us use usual valley very view village visit voice vowel wait walk wall want
war warm was wash watch water wave way we wear weather week weight well went were west
what wheel when where which while white who whole why wide wife wild will win wind window
wing winter wish with woman wonder wood word work world would write wrong yard year yellow
yes yet you young your zero zoo
"""

ZH_CHARS = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过"
    "家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本"
    "见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己"
    "话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平"
    "真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报"
    "立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务"
    "制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科"
    "怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武"
    "半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党"
    "倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石"
    "若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切米诉注亚超营温杯买送价格质量穿衣服颜色喝茶咖"
    "啡豆绿蓝鞋帽包装快递免费优惠欢迎朋友宝贝今晚明天下单库存发货舒适柔软保暖轻薄夏秋冬春"
)
_FR_WORDS_TEXT = """
le la les un une des et ou mais donc car je tu il elle nous vous ils elles on ce cette
ces mon ma mes ton ta ses notre votre leur qui que quoi dont où quand comment pourquoi
combien oui non bien très trop peu beaucoup plus moins aussi encore toujours jamais déjà
souvent parfois ici là maintenant aujourd'hui demain hier matin soir nuit jour semaine
mois année temps heure minute moment fois vie monde pays ville maison rue porte fenêtre
table chaise lit chambre cuisine jardin arbre fleur soleil lune ciel mer eau feu terre
air vent pluie neige froid chaud beau belle petit grand gros long court jeune vieux
nouveau bon mauvais meilleur premier dernier seul autre même tout tous toute chaque
homme femme enfant garçon fille père mère frère sœur ami amie famille gens personne
main pied tête yeux bouche nez oreille cœur corps voix mot phrase livre lettre papier
argent prix travail école classe question réponse idée chose histoire musique chanson
film photo couleur rouge bleu vert jaune noir blanc gris rose orange violet doux fort
faible rapide lent facile difficile possible vrai faux plein vide cher gratuit
être avoir faire dire aller voir savoir pouvoir vouloir venir devoir prendre donner
parler aimer passer mettre trouver penser regarder croire demander rester répondre
entendre tenir porter montrer jouer comprendre attendre chercher perdre manger boire
dormir lire écrire ouvrir fermer acheter vendre payer partir arriver sortir entrer
monter descendre marcher courir chanter danser rire pleurer aider essayer commencer
finir changer appeler habiter travailler apprendre oublier choisir sentir vivre
merci bonjour bonsoir salut pardon voilà alors enfin vraiment peut-être ensemble
pendant depuis avant après avec sans pour contre sous sur dans entre chez vers jusqu'à
un deux trois quatre cinq six sept huit neuf dix onze douze vingt cent mille
pain fromage vin café thé lait sucre sel fruit pomme poisson viande légume soupe
chemise robe manteau chaussure chapeau sac cadeau boutique magasin marché commande
livraison qualité confort doucement surtout heureux triste content fatigué malade
"""
_DE_WORDS_TEXT = """
der die das ein eine und oder aber denn weil dass wenn als wie wo was wer warum wann
ich du er sie es wir ihr mein dein sein unser euer ihr dieser jeder kein nicht auch
noch schon immer nie oft manchmal hier dort jetzt heute morgen gestern abend nacht tag
woche monat jahr zeit stunde minute moment mal leben welt land stadt haus straße tür
fenster tisch stuhl bett zimmer küche garten baum blume sonne mond himmel meer wasser
feuer erde luft wind regen schnee kalt warm heiß schön klein groß lang kurz jung alt
neu gut schlecht besser erste letzte allein andere alle ganz viel wenig mehr weniger
sehr gern mann frau kind junge mädchen vater mutter bruder schwester freund freundin
familie leute mensch hand fuß kopf auge mund nase ohr herz körper stimme wort satz
buch brief papier geld preis arbeit schule klasse frage antwort idee sache geschichte
musik lied film bild farbe rot blau grün gelb schwarz weiß grau weich stark schwach
schnell langsam leicht schwer möglich richtig falsch voll leer teuer billig
sein haben werden machen sagen gehen sehen wissen können wollen kommen müssen nehmen
geben sprechen lieben finden denken glauben fragen bleiben antworten hören halten tragen
zeigen spielen verstehen warten suchen verlieren essen trinken schlafen lesen schreiben
öffnen schließen kaufen verkaufen bezahlen fahren laufen singen tanzen lachen weinen
helfen versuchen beginnen enden ändern rufen wohnen arbeiten lernen vergessen wählen
danke bitte hallo guten tschüss entschuldigung also endlich wirklich vielleicht
zusammen während seit vor nach mit ohne für gegen unter über in zwischen bei zu von
eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig hundert tausend
brot käse wein kaffee tee milch zucker salz obst apfel fisch fleisch gemüse suppe
hemd kleid mantel schuh hut tasche geschenk laden markt bestellung lieferung qualität
bequem glücklich traurig froh müde krank schön über morgens täglich bald gleich
"""
_ES_WORDS_TEXT = """
el la los las un una unos y o pero porque que quien cual donde cuando como cuanto
yo tú él ella nosotros vosotros ellos ellas mi tu su nuestro este esta ese esa
sí no bien muy poco mucho más menos también todavía siempre nunca ya a veces aquí allí
ahora hoy mañana ayer tarde noche día semana mes año tiempo hora minuto momento vez
vida mundo país ciudad casa calle puerta ventana mesa silla cama cocina jardín árbol
flor sol luna cielo mar agua fuego tierra aire viento lluvia nieve frío caliente bonito
pequeño grande largo corto joven viejo nuevo bueno malo mejor primero último solo otro
mismo todo cada hombre mujer niño niña padre madre hermano hermana amigo amiga familia
gente persona mano pie cabeza ojo boca nariz oreja corazón cuerpo voz palabra frase
libro carta papel dinero precio trabajo escuela clase pregunta respuesta idea cosa
historia música canción película foto color rojo azul verde amarillo negro blanco gris
suave fuerte débil rápido lento fácil difícil posible verdad falso lleno vacío caro
gratis ser estar tener hacer decir ir ver saber poder querer venir deber tomar dar
hablar amar pasar poner encontrar pensar mirar creer pedir quedar responder oír llevar
mostrar jugar entender esperar buscar perder comer beber dormir leer escribir abrir
cerrar comprar vender pagar salir llegar entrar subir bajar caminar correr cantar
bailar reír llorar ayudar intentar empezar terminar cambiar llamar vivir trabajar
aprender olvidar elegir sentir gracias hola adiós perdón entonces por fin realmente
quizás juntos durante desde antes después con sin para contra bajo sobre en entre hacia
uno dos tres cuatro cinco seis siete ocho nueve diez once doce veinte cien mil pan queso
vino café té leche azúcar sal fruta manzana pescado carne verdura sopa camisa vestido
abrigo zapato sombrero bolso regalo tienda mercado pedido entrega calidad cómodo feliz
triste contento cansado enfermo rápidamente especial precioso perro gato
"""
_IT_WORDS_TEXT = """
il lo la i gli le un uno una e o ma perché che chi quale dove quando come quanto io tu
lui lei noi voi loro mio tuo suo nostro vostro questo questa quello quella sì no bene
molto poco più meno anche ancora sempre mai già spesso qui lì adesso oggi domani ieri
mattina sera notte giorno settimana mese anno tempo ora minuto momento volta vita mondo
paese città casa strada porta finestra tavolo sedia letto camera cucina giardino albero
fiore sole luna cielo mare acqua fuoco terra aria vento pioggia neve freddo caldo bello
piccolo grande lungo corto giovane vecchio nuovo buono cattivo migliore primo ultimo
solo altro stesso tutto ogni uomo donna bambino bambina padre madre fratello sorella
amico amica famiglia gente persona mano piede testa occhio bocca naso orecchio cuore
corpo voce parola frase libro lettera carta soldi prezzo lavoro scuola classe domanda
risposta idea cosa storia musica canzone film foto colore rosso blu verde giallo nero
bianco grigio morbido forte debole veloce lento facile difficile possibile vero falso
pieno vuoto caro gratis essere avere fare dire andare vedere sapere potere volere venire
dovere prendere dare parlare amare passare mettere trovare pensare guardare credere
chiedere restare rispondere sentire tenere portare mostrare giocare capire aspettare
cercare perdere mangiare bere dormire leggere scrivere aprire chiudere comprare vendere
pagare partire arrivare uscire entrare salire scendere camminare correre cantare
ballare ridere piangere aiutare provare cominciare finire cambiare chiamare abitare
lavorare imparare dimenticare scegliere vivere grazie ciao buongiorno scusa allora
finalmente davvero forse insieme durante da prima dopo con senza per contro sotto sopra
in tra verso uno due tre quattro cinque sei sette otto nove dieci undici dodici venti
cento mille pane formaggio vino caffè tè latte zucchero sale frutta mela pesce carne
verdura zuppa camicia vestito cappotto scarpa cappello borsa regalo negozio mercato
ordine consegna qualità comodo felice triste contento stanco malato subito
"""
_PT_WORDS_TEXT = """
o a os as um uma e ou mas porque que quem qual onde quando como quanto eu tu ele ela
nós vós eles elas meu minha teu sua nosso este esta esse essa aquele sim não bem muito
pouco mais menos também ainda sempre nunca já às vezes aqui ali agora hoje amanhã ontem
manhã tarde noite dia semana mês ano tempo hora minuto momento vez vida mundo país
cidade casa rua porta janela mesa cadeira cama quarto cozinha jardim árvore flor sol
lua céu mar água fogo terra ar vento chuva neve frio quente bonito pequeno grande longo
curto jovem velho novo bom mau melhor primeiro último sozinho outro mesmo todo cada
homem mulher criança menino menina pai mãe irmão irmã amigo amiga família gente pessoa
mão pé cabeça olho boca nariz orelha coração corpo voz palavra frase livro carta papel
dinheiro preço trabalho escola aula pergunta resposta ideia coisa história música
canção filme foto cor vermelho azul verde amarelo preto branco cinzento macio forte
fraco rápido lento fácil difícil possível verdade falso cheio vazio caro grátis ser
estar ter fazer dizer ir ver saber poder querer vir dever tomar dar falar amar passar
pôr encontrar pensar olhar acreditar pedir ficar responder ouvir levar mostrar jogar
entender esperar procurar perder comer beber dormir ler escrever abrir fechar comprar
vender pagar sair chegar entrar subir descer andar correr cantar dançar rir chorar
ajudar tentar começar acabar mudar chamar morar trabalhar aprender esquecer escolher
sentir viver obrigado olá adeus desculpa então finalmente realmente talvez juntos
durante desde antes depois com sem para contra sob sobre em entre até um dois três
quatro cinco seis sete oito nove dez onze doze vinte cem mil pão queijo vinho café chá
leite açúcar sal fruta maçã peixe carne legumes sopa camisa vestido casaco sapato
chapéu bolsa presente loja mercado pedido entrega qualidade confortável feliz triste
contente cansado doente coração limão canção estação
"""
# fmt: on
EN_WORDS = _EN_WORDS_TEXT.split()

ZH_PUNCT = "，，，。！？、"
EN_PUNCT = ",,,.!?"

#: eSpeak base voices per language and the variants (``voice+variant``) to colour them.
ESPEAK_BASES: dict[str, tuple[str, ...]] = {
    ZH: ("cmn",),
    EN: ("en-us", "en", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan",
         "en-gb-x-gbcwmd", "en-gb-scotland"),
}  # fmt: skip
ESPEAK_VARIANTS: tuple[str, ...] = (
    "", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5",
    "klatt", "klatt2", "klatt3", "klatt4", "klatt5", "klatt6", "Andy", "Annie", "Alicia",
    "Denis", "Hugo", "Jacky", "Lee", "Mario", "Michael", "Storm", "adam", "anika", "aunty",
    "belinda", "benjamin", "caleb", "david", "edward", "grandma", "grandpa", "ian", "john",
    "linda", "max", "norbert", "paul", "quincy", "rob", "robert", "shelby", "steph",
    "travis", "victor", "zac", "whisper", "croak",
)  # fmt: skip
#: Other eSpeak languages, for variety of sounds (their voices read pseudo-words).
OTHER_LANGUAGES: tuple[str, ...] = ("fr", "de", "es", "it", "pt", "nl")
#: Languages with built-in word lists (``other_texts="words"``): common words, read by
#: eSpeak with its own dictionary, so their phonemes are that language's real ones.
FR, DE, ES, IT, PT = "fr", "de", "es", "it", "pt"
EXTRA_WORDS: dict[str, list[str]] = {
    FR: _FR_WORDS_TEXT.split(),
    DE: _DE_WORDS_TEXT.split(),
    ES: _ES_WORDS_TEXT.split(),
    IT: _IT_WORDS_TEXT.split(),
    PT: _PT_WORDS_TEXT.split(),
}
#: eSpeak base voices of those languages (regional accents give more voices).
EXTRA_BASES: dict[str, tuple[str, ...]] = {
    FR: ("fr", "fr-be", "fr-ch"), DE: ("de",), ES: ("es", "es-419"), IT: ("it",),
    PT: ("pt", "pt-br"),
}  # fmt: skip
OTHER_TEXTS = ("pseudo", "words")
#: Never trained on: the held-out set speaks with these.
HELDOUT_BASES = frozenset({"en-gb-scotland"})
HELDOUT_VARIANTS = frozenset({"m6", "f4", "klatt3", "Alicia", "benjamin", "linda", "steph"})
RATE_RANGE = (120, 260)
PITCH_RANGE = (15, 85)
PIPER_RATE_RANGE = (135, 235)


@dataclass(frozen=True)
class Voice:
    """Who speaks a session: engine, voice name and the session's language."""

    engine: str  # "espeak" | "piper"
    voice: str | None
    language: str
    pitch: int = 50

    @property
    def label(self) -> str:
        return f"{self.engine}:{self.voice or 'default'}"


@dataclass
class Session:
    """A clip of one voice: 48 kHz audio and its labels on the 10 ms feature grid."""

    audio: np.ndarray  # int16
    labels: np.ndarray  # float32 (T, 3): open, width (IOD), viseme index
    voice: Voice
    texts: list[str] = field(default_factory=list)
    #: Phoneme symbols the viseme tables lacked (fallback class used): symbol -> count.
    unknown_phonemes: dict[str, int] = field(default_factory=dict)
    #: Phoneme events in the session (the denominator of ``unknown_phonemes``).
    n_phonemes: int = 0

    @property
    def seconds(self) -> float:
        return len(self.audio) / SAMPLE_RATE


def _held_out(token: str, fraction: float = 0.15) -> bool:
    """A stable split of words/characters (not Python's salted hash)."""
    return (zlib.crc32(token.encode("utf-8")) % 1000) < fraction * 1000


def split_tokens(tokens: Sequence[str], heldout: bool) -> list[str]:
    return [t for t in tokens if _held_out(t) == heldout]


def demo_texts() -> list[str]:
    """Lines of the shipped demo show (pitch, scripts, product selling points), markup removed."""
    demo = assets_dir() / "demo"
    lines: list[str] = []
    pitch = demo / "pitch.txt"
    if pitch.is_file():
        lines += [
            s.strip()
            for s in pitch.read_text(encoding="utf-8").splitlines()
            if s.strip() and not s.startswith("#")
        ]
    script = demo / "script.toml"
    if script.is_file():
        data = tomllib.loads(script.read_text(encoding="utf-8"))
        for sc in data.get("script", []):
            for item in sc.get("item", []):
                if isinstance(item.get("text"), str):
                    lines.append(_strip_markup(item["text"]))
    products = demo / "products.csv"
    if products.is_file():
        with open(products, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                lines += [p.strip() for p in row.get("selling_points", "").split("|") if p.strip()]
    return [s for s in lines if s]


def _strip_markup(text: str) -> str:
    text = re.sub(r"\[pause[^\]]*\]", "，", text)
    text = re.sub(r"\{[^}]*\}", "", text)
    return text.replace("*", "").strip()


def text_language(text: str) -> str:
    return ZH if re.search(r"[\u4e00-\u9fff]", text) else EN


def random_text(rng: np.random.Generator, language: str, tokens: Sequence[str]) -> str:
    """A sentence of 1-3 phrases of random words (English) or characters (Mandarin)."""
    parts: list[str] = []
    for _ in range(int(rng.integers(1, 4))):
        if language == ZH:
            n = int(rng.integers(3, 12))
            phrase = "".join(tokens[int(i)] for i in rng.integers(0, len(tokens), n))
            parts.append(phrase + ZH_PUNCT[int(rng.integers(0, len(ZH_PUNCT)))])
        else:
            n = int(rng.integers(2, 9))
            phrase = " ".join(tokens[int(i)] for i in rng.integers(0, len(tokens), n))
            parts.append(phrase + EN_PUNCT[int(rng.integers(0, len(EN_PUNCT)))])
    return ("" if language == ZH else " ").join(parts)


def pseudo_words(rng: np.random.Generator) -> str:
    """A phrase of made-up words (Latin letters) for a voice of another language: eSpeak
    reads them with that language's rules, so they carry its sounds (nasal vowels,
    rounded front vowels, trills ...) without needing its dictionary."""
    words = []
    for _ in range(int(rng.integers(2, 9))):
        syl = []
        for _ in range(int(rng.integers(1, 4))):
            onset = _ONSETS[int(rng.integers(0, len(_ONSETS)))]
            nucleus = _NUCLEI[int(rng.integers(0, len(_NUCLEI)))]
            coda = _CODAS[int(rng.integers(0, len(_CODAS)))] if rng.random() < 0.35 else ""
            syl.append(onset + nucleus + coda)
        words.append("".join(syl))
    return " ".join(words) + EN_PUNCT[int(rng.integers(0, len(EN_PUNCT)))]


_ONSETS = ("", "b", "p", "m", "f", "v", "t", "d", "n", "l", "s", "z", "ch", "j", "k", "g", "r",
           "br", "pl", "tr", "gr", "st", "qu", "gn", "h", "w", "sch", "ll")  # fmt: skip
_NUCLEI = ("a", "e", "i", "o", "u", "ou", "eu", "ai", "au", "ei", "ie", "oi", "an", "on", "in",
           "un", "é", "è", "ü", "ö", "ão", "ñe", "y")  # fmt: skip
_CODAS = ("n", "m", "r", "l", "s", "t", "k", "x", "ng", "nt", "rs")


def pick_voice(
    rng: np.random.Generator,
    heldout: bool,
    piper_share: float,
    other_share: float = 0.0,
    other_languages: Sequence[str] = OTHER_LANGUAGES,
    other_texts: str = "pseudo",
) -> Voice:
    """A random voice from the training or the held-out pool.

    ``other_share`` of the eSpeak sessions speak one of ``other_languages``; with
    ``other_texts="words"`` their regional base voices (``EXTRA_BASES``) are used too.
    """
    if not heldout and rng.random() < piper_share:
        return Voice("piper", None, EN)
    if rng.random() < other_share:
        language = other_languages[int(rng.integers(0, len(other_languages)))]
        base = language
        bases = EXTRA_BASES.get(language, (language,))
        if other_texts == "words" and len(bases) > 1:
            base = bases[int(rng.integers(0, len(bases)))]
        variants = [v for v in ESPEAK_VARIANTS if (v in HELDOUT_VARIANTS) == heldout]
        variant = variants[int(rng.integers(0, len(variants)))]
        pitch = int(rng.integers(PITCH_RANGE[0], PITCH_RANGE[1] + 1))
        return Voice("espeak", f"{base}+{variant}" if variant else base, language, pitch)
    language = ZH if rng.random() < 0.55 else EN
    bases = [b for b in ESPEAK_BASES[language] if (b in HELDOUT_BASES) == heldout]
    if not bases:  # Mandarin has one base voice: held out by variant only
        bases = list(ESPEAK_BASES[language])
    variants = [v for v in ESPEAK_VARIANTS if (v in HELDOUT_VARIANTS) == heldout]
    if heldout and language == EN:
        variants = list(ESPEAK_VARIANTS)  # an unseen base voice is unseen already
    base = bases[int(rng.integers(0, len(bases)))]
    variant = variants[int(rng.integers(0, len(variants)))]
    pitch = int(rng.integers(PITCH_RANGE[0], PITCH_RANGE[1] + 1))
    return Voice("espeak", f"{base}+{variant}" if variant else base, language, pitch)


VISEMES: tuple[Viseme, ...] = tuple(Viseme)


def labels_on_hops(phonemes: Sequence[Phoneme], total: int) -> np.ndarray:
    """Labels on the 10 ms feature grid (T, 3): open, width (IOD) of the phoneme
    timeline's mouth curves, and the index in ``VISEMES`` of the sound at that instant
    (an auxiliary target: it makes the network learn which sound it hears)."""
    open_ms, width_ms = mouth_curves_ms(phonemes, total, SAMPLE_RATE, DEFAULT_TARGETS)
    t = F.num_hops(total, SAMPLE_RATE)
    idx = np.minimum(np.arange(t) * 10, len(open_ms) - 1)
    classes = np.zeros(t, dtype=np.float32)  # 0 = SIL
    index = {v: i for i, v in enumerate(VISEMES)}
    hop = SAMPLE_RATE // F.HOPS_PER_SECOND
    for ph in phonemes:
        a, b = -(-ph.start // hop), -(-ph.end // hop)
        classes[a:b] = index[ph.viseme]
    return np.stack([open_ms[idx], width_ms[idx], classes], axis=1).astype(np.float32)


class Synthesizer:
    """Makes sessions; engines are created once (Piper loads its network).

    ``deterministic``: Piper's VITS draws sampling noise that onnxruntime does not let us
    seed, so the same text sounds (and lasts) differently on every call; with this flag
    the noise scales of *this* engine instance's voice are set to 0, so a seed gives the
    same corpus every time.
    """

    def __init__(self, deterministic: bool = True) -> None:
        self._get = get_engine
        self._engines: dict[str, object] = {}
        self.deterministic = deterministic

    def engine(self, name: str):
        if name not in self._engines:
            engine = self._get(name)
            if name == "piper" and self.deterministic:
                voice = engine._load(None)  # the engine's cached PiperVoice (private API)
                voice.config.noise_scale = 0.0
                voice.config.noise_w_scale = 0.0
            self._engines[name] = engine
        return self._engines[name]

    def session(
        self,
        rng: np.random.Generator,
        voice: Voice,
        texts: Sequence[str],
    ) -> Session:
        """Speak ``texts`` in ``voice`` with random rates and pauses; label it."""
        engine = self.engine(voice.engine)
        pieces: list[np.ndarray] = []
        phonemes: list[Phoneme] = []
        cursor = 0
        unknown: Counter[str] = Counter()
        n_phonemes = 0

        def pause(lo_ms: int, hi_ms: int) -> None:
            nonlocal cursor
            n = SAMPLE_RATE * int(rng.integers(lo_ms, hi_ms + 1)) // 1000
            pieces.append(np.zeros(n, np.int16))
            phonemes.append(Phoneme("_", Viseme.SIL, cursor, cursor + n))
            cursor += n

        pause(50, 600)
        for text in texts:
            if voice.engine == "piper":
                rate = int(rng.integers(PIPER_RATE_RANGE[0], PIPER_RATE_RANGE[1] + 1))
                utt = engine.synthesize(text, language="en", rate=rate)
            else:
                rate = int(rng.integers(RATE_RANGE[0], RATE_RANGE[1] + 1))
                utt = engine.synthesize(
                    text,
                    language=voice.language if voice.language in (ZH, EN) else "auto",
                    voice=voice.voice,
                    rate=rate,
                    pitch=voice.pitch,
                    volume=int(rng.integers(70, 131)),
                )
            pieces.append(utt.audio)
            unknown.update(utt.unknown_phonemes)
            n_phonemes += len(utt.phonemes)
            phonemes.extend(
                Phoneme(p.phoneme, p.viseme, p.start + cursor, p.end + cursor) for p in utt.phonemes
            )
            cursor += utt.num_samples
            pause(120, 1200)
        audio = np.concatenate(pieces)
        labels = labels_on_hops(phonemes, len(audio))
        return Session(audio, labels, voice, list(texts), dict(unknown), n_phonemes)


def make_sessions(
    seconds: float,
    rng: np.random.Generator,
    heldout: bool,
    piper_share: float = 0.15,
    other_share: float = 0.0,
    other_languages: Sequence[str] = OTHER_LANGUAGES,
    other_texts: str = "pseudo",
    session_seconds: tuple[float, float] = (12.0, 30.0),
    progress: Callable[[float], None] | None = None,
    synthesizer: Synthesizer | None = None,
) -> list[Session]:
    """About ``seconds`` of labelled speech in sessions of one voice each.

    ``other_share`` of the eSpeak sessions are in ``other_languages``, reading made-up
    words (``other_texts="pseudo"``) or random phrases of the built-in common-word list
    of the language (``"words"``, languages of ``EXTRA_WORDS``; split into training and
    held-out words like the English list).
    """
    if other_texts not in OTHER_TEXTS:
        raise ValueError(f"other_texts must be one of {OTHER_TEXTS}, not {other_texts!r}")
    if other_share > 0 and other_texts == "words":
        missing = [lang for lang in other_languages if lang not in EXTRA_WORDS]
        if missing:
            raise ValueError(f"no word list for {missing}; have {sorted(EXTRA_WORDS)}")
    extra_words = {lang: split_tokens(words, heldout) for lang, words in EXTRA_WORDS.items()}
    synth = synthesizer or Synthesizer()
    en_words = split_tokens(EN_WORDS, heldout)
    zh_chars = split_tokens(list(ZH_CHARS), heldout)
    demo = demo_texts()
    demo_split = [t for t in demo if _held_out(t, 0.25) == heldout]
    sessions: list[Session] = []
    total = 0.0
    while total < seconds:
        voice = pick_voice(rng, heldout, piper_share, other_share, other_languages, other_texts)
        target = float(rng.uniform(*session_seconds))
        texts: list[str] = []
        est = 0.0
        while est < target:
            pool = [t for t in demo_split if text_language(t) == voice.language]
            if pool and rng.random() < 0.2:
                text = pool[int(rng.integers(0, len(pool)))]
            elif voice.language not in (ZH, EN) and other_texts == "words":
                text = random_text(rng, voice.language, extra_words[voice.language])
            elif voice.language not in (ZH, EN):
                text = " ".join(pseudo_words(rng) for _ in range(int(rng.integers(1, 4))))
            else:
                tokens = zh_chars if voice.language == ZH else en_words
                text = random_text(rng, voice.language, tokens)
            texts.append(text)
            est += len(text) * (0.35 if text_language(text) == ZH else 0.075) + 0.5
        session = synth.session(rng, voice, texts)
        sessions.append(session)
        total += session.seconds
        if progress is not None:
            progress(min(total / seconds, 1.0))
    return sessions
