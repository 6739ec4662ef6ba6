"""Keyword lexicons of the embedded planner: tool cues, creation intent and small talk.

Weights say how much a cue commits to a tool: about 4-5 for the name of a medium ("video",
"3D", "파노라마"), 2-3 for verbs typical of one tool ("draw", "dance", "읽어줘"), 1-1.5 for
hints. Each cue counts once per clause. Patterns are compiled once at import; the planner's
latency budget is a few milliseconds for everything but the encoder.

Korean is matched on stems without word boundaries because particles glue onto nouns
("영상으로", "그림을"); English uses word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.text import final_consonant

TOOLS: tuple[str, ...] = ("image", "panorama", "video", "mesh", "motion", "speech", "transcribe", "avatar", "level")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    weight: float


def _en(weight: float, *alternatives: str) -> Cue:
    return Cue(re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE), weight)


def _ko(weight: float, *alternatives: str) -> Cue:
    return Cue(re.compile("(?:" + "|".join(alternatives) + ")", re.IGNORECASE), weight)


# People and humanoid characters: the only things a motion clip can move.
_EN_HUMANOID = (
    r"(?:characters?|guys?|person|people|man|men|woman|women|girls?|boys?|kids?|child|knights?|samurais?|ninjas?|"
    r"warriors?|soldiers?|robots?|androids?|cyborgs?|zombies?|skeletons?|dancers?|heroe?s?|heroines?|villains?|"
    r"wizards?|witch(?:es)?|mages?|sorcerers?|elf|elves|dwarfs?|orcs?|goblins?|trolls?|pirates?|cowboys?|astronauts?|"
    r"athletes?|players?|npcs?|avatars?|mannequins?|humanoids?|fighters?|monks?|kings?|queens?|princes?|princess(?:es)?|"
    r"guards?|archers?|hunters?|chefs?|clowns?|vampires?|mumm(?:y|ies)|gladiators?|vikings?|boxers?|gymnasts?|"
    r"ballerinas?|superheroe?s?|rigs?|figures?|puppets?|him|her|them)"
)
_KO_HUMANOID = (
    r"(?:캐릭터|사람|남자|여자|소년|소녀|아이|기사|전사|병사|군인|로봇|좀비|해골|닌자|사무라이|마법사|영웅|댄서|무용수|"
    r"선수|아바타|마네킹|검객|궁수|경찰|소방관|요리사|왕자|공주|해적|카우보이|우주인|우주비행사|npc|휴머노이드|인형|주인공)"
)
_KINDS_EN = (
    r"(?:(?:audio|sound|voice)\s+clips?|pictures?|pics?|images?|illustrations?|paintings?|drawings?|sketch(?:es)?|portraits?|photos?|photographs?|"
    r"artworks?|renders?|3d\s+models?|models?|meshes|mesh|assets?|videos?|clips?|movies?|animations?|"
    r"audio|recordings?|voice\s+(?:memo|note|message)s?|voice|speech|narration|sound|panoramas?|skybox(?:es)?|"
    r"motions?|dances?|avatars?|characters?|levels?|dungeons?|files?|results?|one|version|memo|voicemail)"
)

EN_CUES: dict[str, tuple[Cue, ...]] = {
    "image": (
        _en(4, r"pictures?", r"pics?", r"images?", r"illustrations?", r"paintings?", r"drawings?", r"portraits?",
            r"photos?", r"photographs?", r"artworks?", r"posters?", r"wallpapers?", r"icons?", r"logos?", r"sprites?",
            r"concept\s+art", r"thumbnails?", r"banners?", r"stickers?", r"emojis?", r"headshots?", r"selfies?",
            r"2d", r"comic\s+(?:panel|strip)s?", r"book\s+covers?", r"album\s+covers?", r"postcards?", r"textures?",
            r"sketch(?:es)?", r"doodles?", r"(?<!is\s)(?<!are\s)(?<!was\s)(?<!'s\s)(?<!'re\s)(?<!'m\s)still(?!\s+(?:\w+ing|\w+ed|be|is|are|was|were|has|have|had|needs?|wants?|looks?|works?|there|here|not|too|more|less|a|an|the|my|our|your|so|very|kind|pretty|quite|like|can|could|would|should|will|do|does|did|feels?|seems?|unsure|dark|bright)\b)", r"snapshot", r"emblems?", r"crests?", r"coat\s+of\s+arms"),
        _en(3, r"draw", r"drew", r"drawn", r"paint", r"painted", r"illustrate", r"doodle", r"photograph",
            r"sketch\s+(?:me|out|up)"),
        _en(1, r"art", r"visual", r"picture\s+of"),
        # A painterly style names a picture even when no medium is said ("a watercolor fox").
        _en(2, r"water\s*-?\s*colou?rs?", r"oil\s+paint(?:ing)?", r"pixel\s*-?\s*art", r"anime", r"manga", r"cartoon(?:ish|y)?",
            r"pencil", r"charcoal", r"ink\s+wash", r"line\s+art", r"photo\s*-?\s*realistic", r"impressionist", r"ukiyo-e",
            r"pastel", r"gouache", r"acrylic", r"chibi", r"comic\s+book"),
    ),
    "panorama": (
        _en(5, r"panoramas?", r"panoramic", r"sky\s*-?\s*box(?:es)?", r"equirectangular", r"environment\s+maps?",
            r"env\s*maps?", r"hdris?", r"cube\s*maps?", r"sky\s*domes?", r"360(?:°|\s*-?\s*degrees?)?(?!\s*(?:turntable|spin|rotat|orbit|turn|video))",
            r"vr\s+(?:background|scene|environment)s?", r"photosphere"),
        _en(1.5, r"surroundings", r"backdrop", r"all\s+around\s+me", r"horizon"),
    ),
    "video": (
        _en(4, r"videos?", r"(?<!audio\s)(?<!sound\s)(?<!voice\s)(?<!wall\s)clips?(?!\s+(?:spots?|through|glitch(?:es)?|skips?)\b)", r"movies?", r"films?(?![\s-]*(?:camera|grain|look|photo|stock|noir|aesthetic|vibe|emulation|stills?))", r"footage", r"mp4", r"turntables?", r"time\s*-?\s*lapse",
            r"cinematics?", r"trailers?", r"fly\s*-?\s*through", r"gifs?", r"slow\s*-?\s*mo(?:tion)?", r"short\s+film",
            r"cutscenes?", r"shots?\s+of", r"b-roll", r"slide\s*-?\s*shows?"),
        _en(2.5, r"animations?", r"animated", r"animate", r"bring\s+(?:it|this|that|them|(?:the|this|that|my|our)\s+\w+)\s+to\s+life",
            r"come\s+(?:alive|to\s+life)"),
        _en(2, r"spin(?:s|ning)?", r"rotat(?:e|es|ing|ion)", r"orbit(?:s|ing)?", r"turn(?:s|ing)?\s+around",
            r"(?<!film\s)(?<!disposable\s)(?<!polaroid\s)camera(?!\s+(?:look|feel|aesthetic|vibe|style))", r"pans?\s+(?:across|over)", r"zoom(?:s|ing)?\s+(?:in|out)", r"loop(?:ing)?"),
    ),
    "mesh": (
        _en(5, r"3d", r"3-d", r"three\s*-?\s*dimensional", r"meshe?s?", r"glb", r"gltf", r"fbx", r"stl", r"obj\s+file",
            r"voxels?", r"3d\s+printable", r"blockouts?", r"gr[ae]ybox(?:es)?"),
        _en(3, r"models?", r"assets?", r"sculpt(?:ure)?s?", r"props?", r"low\s*-?\s*poly", r"figurines?",
            r"game\s*-?\s*ready", r"polygons?", r"printable"),
    ),
    "motion": (
        _en(4, r"motions?(?!\s+blur)", r"bvh", r"mocap", r"motion\s+capture", r"walk\s+cycles?", r"run\s+cycles?",
            r"idle\s+animations?", r"t\s*-?\s*pose", r"choreograph(?:y|ed)?",
            r"animate\s+(?:the|my|this|that|a|an|his|her|our)?\s*(?:\w+\s+)?(?:character|guy|person|man|woman|girl|boy|"
            r"knight|robot|skeleton|rig|humanoid|figure|dancer|soldier|warrior|npc|hero|player|zombie)",
            r"animate\s+(?:him|her|them)",
            # "make the samurai do a kata", "have him do a little jig": a humanoid doing any named move
            r"(?:make|have|let|get|watch)\s+(?:(?:the|my|our|this|that|your|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}?)?"
            + _EN_HUMANOID + r"\s+(?:do|does|perform|try|pull\s+off|bust\s+out|bust|show\s+off)\s+"
            r"(?:a|an|some|the|his|her|their|its|one|two|three|\d+|few|couple)\b"),
        # "make it move", "get the statue moving": set something in motion (a picture: a video)
        _en(2, r"(?:make|get|have|let|see)\s+(?:[\w-]+\s+){0,3}?mov(?:e|es|ing)\b"),
        # "the knight doing a sword slash", "an animation of a soldier saluting"
        _en(3.5, _EN_HUMANOID + r"(?:\s+[\w-]+){0,2}?\s+(?:doing|performing|pulling\s+off)\s+(?:a|an|some|the|his|her|their)\b",
            r"animations?\s+of\s+(?:a|an|the|my|our)\s+(?:[\w-]+\s+){0,2}?" + _EN_HUMANOID + r"\s+\w+ing\b"),
        _en(3, r"danc(?:e|es|ing)", r"walk(?:s|ing)?", r"jog(?:s|ging)?", r"sprint(?:s|ing)?", r"runs?", r"running",
            r"jump(?:s|ing)?", r"hop(?:s|ping)?", r"wav(?:e|es|ing)(?:\s+(?:hello|hi|goodbye|bye|at))?", r"kick(?:s|ing)?",
            r"punch(?:es|ing)?", r"back\s*-?\s*flips?", r"flips?", r"somersaults?", r"cartwheels?", r"squats?",
            r"crouch(?:es|ing)?", r"sit(?:s|ting)?\s+down", r"stand(?:s|ing)?\s+up", r"kneel(?:s|ing)?", r"salut(?:e|es|ing)",
            r"shrug(?:s|ging)?", r"bow(?:s|ing)?(?!\s+and)", r"clap(?:s|ping)?", r"stretch(?:es|ing)?", r"march(?:es|ing)?",
            r"crawl(?:s|ing)?", r"climb(?:s|ing)?", r"moonwalk(?:s|ing)?", r"breakdanc(?:e|ing)", r"tai\s+chi",
            r"yoga", r"boxing", r"martial\s+arts?", r"karate", r"taekwondo", r"limp(?:s|ing)?", r"stumbl(?:e|es|ing)",
            r"tiptoe(?:s|ing)?", r"skip(?:s|ping)?", r"twirl(?:s|ing)?", r"stomp(?:s|ing)?", r"gestur(?:e|es|ing)",
            r"push\s*-?\s*ups?", r"sit\s*-?\s*ups?", r"jumping\s+jacks?", r"backflips?", r"pirouettes?", r"spar(?:ring)?",
            r"swing(?:s|ing)?\s+(?:a|the|his|her)\s+sword", r"sword\s+fight(?:ing)?", r"strut(?:s|ting)?", r"sneak(?:s|ing)?",
            r"shambl(?:e|es|ing)", r"stagger(?:s|ing)?", r"collaps(?:e|es|ing)", r"fall(?:s|ing)?\s+(?:down|over|backwards?)",
            r"lung(?:e|es|ing)", r"dodg(?:e|es|ing)", r"duck(?:s|ing)\s+down", r"roll(?:s|ing)?\s+(?:over|forward|sideways)",
            r"tumbl(?:e|es|ing)", r"sway(?:s|ing)?", r"leap(?:s|ing)?", r"slump(?:s|ing)?", r"bounc(?:e|es|ing)\s+on",
            r"pac(?:e|es|ing)\s+(?:back|around)", r"celebrat(?:e|es|ing)", r"cheer(?:s|ing)?", r"throw(?:s|ing)?\s+a\s+(?:punch|ball)"),
        _en(1.5, r"characters?", r"skeletons?", r"humanoids?", r"rigs?", r"rigged", r"pose"),
    ),
    "speech": (
        _en(4, r"say", r"says", r"saying", r"speak", r"speaks", r"spoken", r"read\s+(?:out|aloud|back)",
            r"read\s+(?:it|this|that|these|the\s+\w+|my|a|an)(?:\s+\w+){0,3}\s+(?:aloud|out\s+loud|out)",
            r"aloud", r"out\s+loud", r"narrat(?:e|es|ed|ing|ion|or)", r"voice\s*-?\s*overs?", r"tts", r"text\s*-?\s*to\s*-?\s*speech",
            r"pronounc(?:e|es|ing)", r"announc(?:e|es|ing|ement)", r"recit(?:e|es|ing)", r"voice\s+lines?", r"wav",
            r"(?:npc|dialog(?:ue)?|spoken|ambient|barks?)\s+lines?",
            r"audiobook", r"read\s+(?:me|us)", r"record\s+(?:a|an|my|the)?\s*(?:voice|line|message|greeting|announcement)\w*"),
        _en(2.5, r"record"),
        _en(2.5, r"voice", r"speech", r"sing", r"sings", r"singing", r"audio", r"sound\s+clip", r"greet(?:ing)?",
            r"read", r"reads", r"reading", r"tell\s+(?:them|everyone|the\s+players?|the\s+audience)"),
    ),
    "transcribe": (
        _en(5, r"transcri(?:be|bes|bed|bing|pt|pts|ption|ptions)", r"dictat(?:e|ed|ion)", r"speech\s*-?\s*to\s*-?\s*text",
            r"stt", r"what\s+(?:did|do|does)\s+(?:i|you|he|she|they|we|it)\s+(?:just\s+)?say",
            r"what\s+(?:was|is|'s|were)\s+(?:being\s+)?said", r"what\s+(?:they|he|she|i)\s+(?:said|say)",
            r"what(?:'s|\s+is)\s+(?:being\s+)?said", r"subtitles?", r"captions?", r"closed\s+captions?",
            r"(?:write|type|jot|put)\s+(?:down|out|up)\s+what", r"write\s+out\s+what", r"minutes\s+of",
            r"(?:into|to|as)\s+(?:plain\s+|written\s+)?(?:text|words|writing)(?!\s*-?\s*to)", r"in\s+writing",
            r"written\s+(?:form|down|text)", r"what(?:'s|\s+is)\s+being\s+said", r"what\s+(?:they're|he's|she's)\s+saying"),
        _en(3, r"(?:write|type|jot|note|take)\s+(?:\w+\s+){0,6}?down", r"words\s+(?:of|in|from|spoken\s+in)\s+(?:this|the|that|my)"),
        _en(2.5, r"voice\s+(?:memo|note|message|mail)s?", r"voicemails?", r"recordings?", r"recorded", r"listen\s+to",
            r"podcast\s+episode", r"interview\s+(?:audio|recording|tape)"),
        _en(1, r"audio", r"notes"),
    ),
    "avatar": (
        _en(5, r"avatars?", r"talking\s+heads?", r"digital\s+humans?", r"lip\s*-?\s*sync(?:ed|ing|s)?", r"talking\s+faces?",
            r"virtual\s+(?:presenter|host|anchor|human|influencer|assistant\s+face|newscaster)s?", r"v\s*-?\s*tubers?",
            r"news\s*-?\s*anchors?", r"(?:speaking|talking)\s+(?:portrait|character|person|figure|presenter)s?",
            r"visemes?", r"mouth\s+(?:movement|shapes?)s?"),
        _en(4, r"make\s+(?:it|him|her|them|(?:the|this|that|my|our)\s+\w+(?:\s+\w+)?)\s+(?:talk|speak|say|sing|lip)",
            r"have\s+(?:it|him|her|them|(?:the|this|that|my|our)\s+\w+(?:\s+\w+)?)\s+(?:talk|speak|say|sing|lip)",
            r"(?:his|her|its|their)\s+(?:lips|mouth)"),
        _en(2.5, r"talking", r"talks", r"presenter", r"spokesperson"),
    ),
    # Game levels. "map" alone is no cue ("a normal map", "a texture map" are pictures): it
    # counts only after a game word ("dungeon map", "game map", "tile map").
    "level": (
        _en(5, r"dungeons?", r"dungeon\s*-?\s*crawl\w*", r"rogue\s*-?\s*(?:like|lite)s?", r"platformers?",
            r"overworlds?", r"tile\s*-?\s*maps?", r"tiled\s+maps?", r"procedural\s+(?:levels?|maps?|dungeons?)",
            r"(?:game|rpg|jrpg|cave|platformer|platforming|2d|side\s*-?\s*scroll(?:ing|er)?|arcade|mario|zelda|metroidvania|"
            r"dungeon|boss|pixel|retro)\s+(?:levels?|stages?|maps?|layouts?)",
            r"levels?\s+(?:design|layout|map)s?", r"level\s+with\s+(?:rooms?|keys?|locks?|a\s+boss)"),
        _en(3, r"caves?(?!\s+(?:echo|echoes|reverb|acoustics|sound|voice)\b)", r"caverns?", r"labyrinths?", r"mazes?",
            # "level" counted or set apart as a result ("a desert level", "as a level", "one separate level")
            # is a medium of its own, so "a desert level and a separate skybox" is two requests; "a high
            # level of detail", "level up", "level 3" are not
            r"(?:\b(?:an?|one|another|as\s+an?)\s+(?:(?!of\b|and\b)[\w'-]+\s+){0,3}|\+\s*)levels?\b(?!\s+(?:of|up|\d))"),
        _en(2.5, r"levels?", r"stages?", r"locks?\s+and\s+keys?", r"locked\s+doors?", r"boss\s+(?:room|fight|arena)s?",
            r"treasure\s+rooms?", r"spawn\s+points?", r"\d+\s+rooms"),
    ),
}

KO_CUES: dict[str, tuple[Cue, ...]] = {
    "image": (
        _ko(4, r"그림(?!자)", r"이미지", r"사진", r"일러스트", r"삽화", r"초상화", r"포스터", r"스케치", r"드로잉",
            r"아이콘", r"로고", r"배경\s*화면", r"스티커", r"이모티콘", r"캐리커처", r"썸네일", r"배너", r"표지",
            r"엽서", r"텍스처", r"2d", r"원화", r"컨셉\s*아트", r"픽처", r"엠블[럼렘]"),
        _ko(2, r"수채화", r"유화", r"만화", r"픽셀\s*아트", r"애니\s*풍", r"연필", r"수묵", r"파스텔", r"카툰",
            # a look named for a bare scene ("필름카메라 감성", "지브리 감성으로") is a picture's look
            r"(?:필름|폴라로이드|레트로|빈티지|몽환|시네마틱|지브리|동화|웹툰|90년대|감성)\s*(?:카메라\s*)?(?:감성|느낌|톤)"),
        _ko(3, r"그려", r"그린(?!란드)", r"그릴", r"그리기", r"그리고", r"그리는", r"그리자", r"그립니다", r"칠해", r"색칠",
            r"찍어", r"촬영"),
    ),
    "panorama": (
        _ko(5, r"파노라마", r"스카이\s*박스", r"360\s*(?:도|°)?(?!\s*(?:회전|돌|턴|빙))", r"전방위", r"환경\s*맵",
            r"등장방형", r"hdri", r"큐브\s*맵", r"스카이\s*돔", r"vr\s*배경"),
        _ko(1.5, r"사방", r"주변\s*(?:환경|풍경)", r"둘러싼"),
    ),
    "video": (
        _ko(4, r"영상", r"동영상", r"비디오", r"클립", r"무비", r"영화", r"턴테이블", r"타임\s*랩스", r"gif", r"mp4",
            r"움짤", r"시네마틱", r"예고편", r"트레일러", r"쇼츠", r"릴스", r"슬라이드\s*쇼"),
        _ko(2.5, r"애니메이션", r"움직이는\s*(?:그림|이미지|사진)", r"살아\s*움직"),
        _ko(2, r"회전", r"돌려", r"돌리", r"돌아가", r"빙글", r"빙빙", r"(?<!필름)(?<!필름 )(?<!폰)(?<!폴라로이드)카메라(?!\s*(?:감성|느낌|톤|룩))", r"한\s*바퀴"),
    ),
    "mesh": (
        _ko(5, r"3d", r"3-d", r"입체", r"메시", r"메쉬", r"glb", r"gltf", r"3차원", r"복셀", r"fbx", r"obj"),
        _ko(3, r"모델", r"모형", r"에셋", r"애셋", r"피규어", r"조형", r"조각상", r"오브젝트", r"소품", r"로우\s*폴리",
            r"프롭", r"폴리곤"),
    ),
    "motion": (
        _ko(4, r"모션", r"동작", r"bvh", r"모캡", r"모션\s*캡처", r"걷는\s*사이클", r"애니메이팅"),
        # "기사가 칼 휘두르는 애니메이션": a humanoid doing something, animated, is a motion clip
        _ko(3, _KO_HUMANOID + r"(?:이|가|는|은|를|을|의)?\s+(?:\S+\s+){0,3}?\S*는\s*(?:애니메이션|애니|움직임)"),
        _ko(3, r"휘두르", r"휘둘", r"찌르", r"베는", r"베기", r"막기", r"방어\s*자세", r"던지", r"피하는", r"회피",
            r"쓰러지", r"넘어지", r"싸우", r"검술", r"끄덕", r"기지개", r"하품", r"뒷걸음", r"활을?\s*쏘", r"공격하"),
        _ko(3, r"춤", r"댄스", r"걷", r"걸어", r"걸음", r"뛰(?!어난)", r"달리", r"달려", r"점프", r"손(?:을)?\s*흔들",
            r"흔들", r"발차기", r"펀치", r"주먹", r"앉", r"일어서", r"일어나", r"절하", r"절을", r"공중제비", r"덤블링",
            r"스트레칭", r"체조", r"스쿼트", r"행진", r"기어가", r"구르", r"발레", r"태권도", r"요가", r"박수",
            r"인사하", r"뛰어", r"달려", r"돌려차기", r"무릎", r"팔굽혀", r"물구나무", r"허리\s*숙", r"포즈를\s*취"),
        _ko(2, r"움직이게", r"움직임", r"움직여", r"캐릭터", r"리깅", r"스켈레톤", r"뼈대"),
    ),
    "speech": (
        _ko(4, r"말해", r"말하기", r"읽어", r"낭독", r"음성", r"목소리", r"내레이션", r"나레이션", r"tts", r"발음",
            r"소리\s*내", r"들려", r"말로", r"보이스", r"더빙", r"(?:라고|이라고)\s*(?:말|해|읽|외|인사)", r"외쳐",
            r"소리로", r"녹음해", r"읊어", r"노래", r"불러", r"방송"),
        _ko(2, r"오디오", r"녹음", r"wav", r"소리", r"안내\s*멘트", r"멘트"),
        _ko(3, r"대사(?!관)"),  # lines of dialogue: "경비병 대사 두 개 만들어 주세요"
    ),
    "transcribe": (
        _ko(5, r"받아\s*적", r"받아\s*써", r"받아쓰", r"전사(?:해|하|본|를\s*해|\s*작업)", r"텍스트로", r"글로\s*(?:옮|적|써|바꿔|변환|정리)", r"글자로",
            r"문자로", r"자막", r"녹취", r"뭐라고\s*(?:했|말했|하는|말하는|그랬)", r"stt", r"필사", r"받아\s*타이핑",
            r"텍스트\s*(?:로|변환)", r"글로\s*써", r"적어\s*(?:줘|주세요|줄래)", r"옮겨\s*적", r"문서로", r"회의록"),
        _ko(2, r"녹음(?:된|한|본|파일|한\s*거)", r"음성\s*(?:파일|메모|메시지|녹음)", r"음성\s*메모", r"보이스\s*(?:메모|노트)",
            r"들어\s*보고", r"들어보고"),
    ),
    "avatar": (
        _ko(5, r"아바타", r"디지털\s*휴먼", r"립\s*싱크", r"말하는\s*(?:얼굴|캐릭터|아바타|사람|머리|초상화|인물)",
            r"토킹\s*헤드", r"버튜버", r"가상\s*(?:인간|인물|진행자|앵커)", r"버추얼\s*(?:휴먼|유튜버)", r"입\s*모양",
            r"말하는\s*영상", r"입을\s*움직", r"바이섬", r"비셈"),
        _ko(4, r"말하게", r"말을\s*하게", r"말하도록", r"얘기하게", r"이야기하게", r"노래하게", r"말하는"),
    ),
    "level": (
        _ko(5, r"던전", r"레벨(?!\s*업)", r"스테이지", r"(?<![a-z])stage(?![a-z])", r"플랫포머", r"횡\s*스크롤", r"로그\s*라이크", r"타일\s*맵",
            r"오버\s*월드", r"게임\s*(?:맵|지도|레벨)", r"미궁", r"(?:던전|동굴|보스|게임|미로)\S*\s*맵"),
        _ko(3, r"동굴(?!\s*(?:울림|에코|리버브|메아리|소리|같은\s*(?:울림|소리|목소리)))", r"미로", r"월드\s*맵"),
        # a bare "맵" ("폐병원 맵 만들기") is a level; texture and environment maps are not
        _ko(2, r"(?<!환경)(?<!큐브)(?<!노멀)(?<!노말)(?<!환경\s)(?<!큐브\s)(?<!노멀\s)(?<!노말\s)맵(?!핑)"),
        # a bare "맵" counted as a result ("산장 맵 하나", "맵 한 개") is one level to make
        _ko(1, r"(?<!환경)(?<!큐브)(?<!노멀)(?<!노말)(?<!환경\s)(?<!큐브\s)(?<!노멀\s)(?<!노말\s)맵\s*(?:하나|한\s*개|1\s*개)"),
        _ko(2.5, r"열쇠\S*\s*(?:자물쇠|잠긴|문)", r"잠긴\s*문", r"자물쇠", r"보스\s*방", r"보물\s*방", r"방\s*\d+\s*개", r"\d+\s*개의?\s*방"),
    ),
}

# ---------------------------------------------------------------------------- intent cues

# A request to create: imperative verbs, polite frames and wishes.
EN_CREATE = re.compile(
    r"\b(?:make|create|generate|draw|paint|sketch|render|build|produce|design|turn|convert|animate|"
    r"redo|re-do|redraw|re-draw|remake|recreate|reimagine|restyle|"  # "then redo that same pic in pixel art"
    r"give\s+me|show\s+me|get\s+me|i\s+want|i'd\s+like|i\s+would\s+like|i\s+need|we\s+need|i'm\s+looking\s+for|"
    r"let's|let\s+me\s+(?:see|have|get|hear)|please|pls|gimme|whip\s+up|craft|come\s+up\s+with|illustrate|compose|"
    r"record|read|say|speak|narrate|transcribe|write|put\s+together|bring|how\s+about|what\s+about|model|sculpt|"
    r"dub|sing|announce|recite|pronounce|film|shoot|photograph|visualize|depict|capture|rig|export|"
    r"lip-?sync|caption|subtitle|type\s+out|jot\s+down|spin|rotate|need|want|do\s+a|could\s+i\s+get|can\s+i\s+(?:get|have|see)|"
    r"may\s+i\s+have|mind\s+making|have\s+(?:it|him|her|them|the)|dance|walk|wave|jump|kick)\b",
    re.IGNORECASE,
)
KO_CREATE = re.compile(
    r"(?:줘|줘요|주세요|주실래요|줄래|줄래요|주라|주면|주시겠|주십시오|해봐|봐줘|하자|만들|그려|그리(?!움|워)|생성|제작|변환|바꿔|"
    r"싶어|싶은데|싶다|원해|부탁|보여|읽어|말해|들려|해\s*줘|해\s*주|받아\s*적|적어|써\s*줘|춤추게|움직이게|"
    r"할래|할게|가능하면|만들자|그리자|해라|하세요|할\s*수\s*있게|시켜|요청\s*(?:드립니다|드려요|합니다|해요|드리|하오니))"
)

# Greetings, thanks, praise, farewells: a clause made only of these is talk.
EN_TALK_ONLY = re.compile(
    r"^(?:(?:hi|hello|hey|heya|hiya|yo|howdy|greetings|good\s+(?:morning|afternoon|evening|night)|thanks?|thank\s+you|thx|ty|"
    r"cheers|bye|goodbye|see\s+(?:you|ya)|later|ok(?:ay)?|alright|cool|nice|great|awesome|amazing|wow|perfect|lol|haha|"
    r"yes|yeah|yep|no|nope|sure|please|sorry|oops|welcome|there|again|so\s+much|a\s+lot|very\s+much|buddy|friend|"
    r"mate|man|dude|all|guys|everyone|that's|that\s+is|it's|it\s+is|looks|look|so|really|very|good|well|done|job|"
    r"beautiful|lovely|fantastic|excellent|brilliant|sweet|neat|fine|you|for|the|help|appreciate|it|i|this|that)[\s,!.?~]*)+$",
    re.IGNORECASE,
)
KO_TALK_ONLY = re.compile(
    r"^(?:(?:안녕(?:하세요|하십니까)?|반가워(?:요)?|반갑습니다|고마워(?:요)?|고맙습니다|감사(?:해요|합니다)?|땡큐|수고(?:했어|하셨어요|하세요)?|"
    r"잘\s*(?:자|가|있어|했어|했어요)|바이|ㅋ+|ㅎ+|좋아(?:요)?|좋네(?:요)?|멋지다|멋져(?:요)?|최고(?:야|예요|에요)?|대박|굿|"
    r"오케이|알겠어(?:요)?|네|응|아니|아니요|그래|완벽해(?:요)?|훌륭해(?:요)?|와|우와|너무|정말|진짜|많이|좋은\s*(?:아침|하루|밤)|"
    r"다시|또|봐요|만나요|잘했어|예쁘다|귀엽다|이쁘다)[\s,!.?~]*)+$"
)

# Questions and talk that mention a medium without asking for one.
EN_WH_QUESTION = re.compile(
    r"^(?:what|what's|whats|how|how's|why|who|who's|whom|whose|when|where|which|is\s+(?:it|there|this|that)|"
    r"are\s+(?:you|there|these|those)|do\s+you|does|did\s+you|have\s+you|was|were|should\s+i|isn't|aren't)\b",
    re.IGNORECASE,
)
EN_WH_EXCEPTIONS = re.compile(r"^(?:how|what)\s+about\b", re.IGNORECASE)
EN_CAPABILITY = re.compile(
    r"^(?:can|could|would|will|won't|can't)\s+(?:you|u|ya)\b|^are\s+you\s+(?:able|capable)\b|^is\s+it\s+possible\b|"
    r"^do\s+you\s+know\s+how\b|^do\s+you\s+(?:support|do|make|handle)\b|^is\s+there\s+a\s+way\b|"
    r"^(?:i\s+(?:was\s+|am\s+|'m\s+)?wonder(?:ing)?|just\s+wondering)\s+(?:if|whether)\s+you\s+(?:can|could|would)\b",
    re.IGNORECASE,
)
# Discourse openers before a question ("like, can you ...", "so what ...", "btw are you ..."):
# they are dropped before the question gates look at the clause.
EN_DISCOURSE_OPENER = re.compile(
    r"^(?:(?:like|so|and|but|also|ok(?:ay)?|well|hmm+|um+|uh+|oh|btw|by\s+the\s+way|i\s+mean|anyway|"
    r"quick\s+question|one\s+more\s+thing|out\s+of\s+curiosity|just\s+curious|seriously|honestly|wait|real\s+talk|hey|yo|ngl|tbh|genuine\s+question)\b[\s,:.-]*)+",
    re.IGNORECASE,
)
# Praise or criticism of something that exists ("the 3D model you made earlier looks awesome",
# "that video was so cool", "nice work on the castle"): talk about an asset, not an order.
_EN_EVALUATIVE = (
    r"(?:awesome|great|amazing|cool|nice|good|beautiful|gorgeous|stunning|perfect|fantastic|incredible|lovely|cute|"
    r"adorable|epic|insane|sick|fire|dope|rad|sweet|neat|impressive|wonderful|brilliant|excellent|superb|fun|funny|"
    r"hilarious|creepy|weird|strange|off|bad|terrible|awful|ugly|boring|realistic|real|better|worse|so\s+good|"
    r"on\s+point|spot\s+on|legit|badass|magnificent|majestic|slick|clean|polished|wild|crazy|cursed|goated|"
    r"(?:exactly\s+|just\s+)?what\s+(?:i|we)\s+(?:needed|wanted|was\s+looking\s+for))"
)
EN_EVALUATION = re.compile(
    r"^(?:(?:wow|omg|oh|honestly|btw|ok(?:ay)?|so|man|dude|haha|lol|lmao|lmfao|yo|ngl|tbh|thx|thanks|thank\s+you|ty)[\s,!.]+)*"
    r"(?:(?:the|that|this|these|those|your|my|our|his|her|their)\b(?:\s+[\w'-]+){0,9}?\s+"
    r"(?:looks?|looked|is|was|are|were|'s|seems?|seemed|feels?|felt|sounds?|sounded|turned\s+out|came\s+out)"
    r"(?:\s+(?:so|really|very|super|pretty|totally|absolutely|kinda|kind\s+of|quite|seriously|actually|just|too|a\s+bit|way))*"
    r"\s+" + _EN_EVALUATIVE + r"\b"
    r"|(?:nice|great|good|awesome|amazing|cool|excellent|solid|brilliant)\s+(?:work|job|stuff)\b"
    # slang verdicts: "the skybox u made earlier slaps", "that turntable goes hard"
    r"|(?:the|that|this|these|those|your)\b(?:\s+[\w'-]+){0,9}?\s+(?:slaps|slapped|goes\s+hard|went\s+hard|rocks|rocked|"
    r"rules|hits\s+different|is\s+a\s+vibe|is\s+fire|kills\s+it|killed\s+it|nailed\s+it)\b"
    r"|(?:i\s+(?:really\s+)?(?:love|loved|like|liked|enjoyed|adore|adored)|love|loved|loving|liked|enjoyed|adored)"
    r"\s+(?:the|that|this|those|these|your|it)\b(?!\s+(?:if|when)\b))",
    re.IGNORECASE,
)
# Handing over an upload ("here's my headshot", "this is a photo of my dog", "I've attached my
# voice memo"): the medium named is the input, and the order comes in another clause.
EN_PRESENTS_UPLOAD = re.compile(
    r"^(?:(?:ok(?:ay)?|so|hey|hi|alright)[\s,!]+)*(?:here(?:'s|\s+is|\s+are)|this\s+is|these\s+are|that's|"
    r"attached\s+(?:is|are)|i(?:'ve|\s+have)\s+(?:attached|uploaded|sent)|i'm\s+(?:attaching|uploading|sending)|"
    r"i\s+(?:just\s+)?(?:attached|uploaded|sent))\s+(?:(?:my|our|a|an|the|his|her|their|some)\s+)?(?:[\w'-]+\s+){0,3}?"
    + _KINDS_EN.replace("|one|version|", "|headshots?|selfies?|faces?|snapshots?|scans?|") + r"\b(?![^:]*:)",
    re.IGNORECASE,
)
# Emoji that may close a chat line ("미쳤다 ㄹㅇ 👍👍").
_EMOJI = "\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200d"
# Praise or complaint about something made ("아까 그 스카이박스 완전 마음에 들어", "춤 모션 너무 웃김"):
# an evaluative ending with no request ending is talk (rule 1).
KO_EVALUATION = re.compile(
    r"(?:마음에\s*들|맘에\s*들|웃기|웃김|웃겨|미쳤|쩐다|쩔어|쩌네|대박|최고|좋다|좋네|좋았|예쁘|이쁘|멋지|멋있|귀엽|귀여워|"
    r"완벽|감동|훌륭|찰떡|소름|별로|이상해|이상하|어색|자연스럽|자연스러|실감\s*나|"
    r"(?<!것\s)(?<!거\s)(?<![것거])같(?:다|네|아|음|애|어요|아요|네요|습니다)|빵\s*터)\S*[\s.!~?ㅋㅎㅠㅜㄷ" + _EMOJI + r"]*"
    r"(?:(?:ㄹㅇ|진짜|완전|고마워요?|고맙습니다|감사합니다|감사해요|굿+|ㅋ+|ㅎ+|ㄷ+)[\s.!~" + _EMOJI + r"]*)*$"
)
KO_PRESENTS_UPLOAD = re.compile(
    r"^(?:여기|이건|이게|이거|요건)\s+(?:\S+\s+){0,3}?\S*(?:이야|야|예요|이에요|에요|입니다|이고|인데|고)[\s,.!~]*$"
    r"|(?:올렸|첨부했|보냈|업로드했)(?:어|어요|습니다|는데|고)[\s,.!~]*$"
)
# An order that follows the talk inside the same clause ("the last one was great, so make another").
EN_LATER_ORDER = re.compile(
    r"\b(?:so|now|but|and|then|please|pls|could\s+you|can\s+you)\s+(?:please\s+|also\s+|just\s+)*"
    r"(?:make|create|draw|generate|render|turn|give|do|add|animate|build|paint|change|edit|redo)\b",
    re.IGNORECASE,
)
EN_TALK_VERBS = re.compile(
    r"^(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?(?:explain|tell\s+(?:me|us)\s+(?:\w+\s+){0,3}?(?:about|how|what|why|whether|if|when|where|which)\b|"
    r"tell\s+(?:me|us)\s+(?:a|an|some)\s+(?:joke|story|fact|riddle)s?|"
    r"describe|define|teach|recommend|suggest|help\s+me\s+understand|remind\s+me|list|compare|summari[sz]e|"
    r"translate|calculate|chat|talk\s+(?:to|with)\s+me|let's\s+(?:chat|talk))\b",
    re.IGNORECASE,
)
EN_STATEMENT = re.compile(
    r"^(?:i|i'm|im|i've|we|we're|you|you're|it|it's|its|that|that's|this|this\s+is|these|those|they|they're|he|she|"
    r"lol|haha|wow|omg|my|our|the\s+last|yesterday|today|honestly|btw)\b(?!\s+(?:want|need|would\s+like|'d\s+like|"
    r"wanna|like\s+to|love\s+to|have\s+to|should|must|can|could))",
    re.IGNORECASE,
)
# Statements still count as requests when they carry a wish ("I'd love a picture of ...").
EN_WISH = re.compile(
    r"\b(?:i\s+(?:want|need|would\s+(?:like|love)|'d\s+(?:like|love)|wanna|wish|am\s+looking\s+for)|i'd\s+(?:like|love)|"
    r"we\s+(?:want|need|would\s+(?:like|love)|'d\s+(?:like|love)|are\s+looking\s+for)|we'd\s+(?:like|love)|"
    # formal requests: "we kindly request a panorama of ...", "we would be grateful for an illustration"
    r"(?:i|we)\s+(?:(?:kindly|hereby)\s+)?request|(?:i|we)\s+(?:would|'d)\s+be\s+grateful|"
    r"i'm\s+looking\s+for|give\s+me|make\s+me|show\s+me|it\s+should|it\s+needs)\b",
    re.IGNORECASE,
)

# Editing what exists ("edit it to add a hat", "거기에 눈 좀 더해서 수정해줘"): with a reference and
# no medium of its own, the clause re-makes the referenced result with that result's tool.
EN_EDIT = re.compile(
    r"\b(?:edit|modify|retouch|tweak|touch\s+up|fix\s+up|fix|adjust|alter|recolou?r|repaint|redraw|re-draw|restyle|redo|rework|revise|"
    r"update|change|inpaint|photoshop|add|put|give|remove|erase|replace|swap|crop|brighten|darken)\b"
    # "make the sky darker", "make it a bit brighter", "make the cat more fluffy"
    r"|\bmake\s+(?:it|them|(?:the|its|his|her|their)\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:a\s+(?:bit|little|lot)\s+|much\s+|way\s+|even\s+)?"
    r"(?:(?!other\b|over\b|under\b|after\b|never\b|water\b|ever\b)[a-z]{2,}er|more\s+\w+|less\s+\w+)\b",
    re.IGNORECASE,
)
KO_EDIT = re.compile(
    r"수정|편집|고쳐|고치|보정|바꿔|바꾸|변경|추가해|추가하|넣어|더해|더하|빼\s*줘|빼고|지워|없애|합성|씌워|입혀|"
    r"달아|붙여|그려\s*넣|밝게|어둡게"
)


def names_edit(text: str, language: str) -> bool:
    """Whether the clause asks to change something (see ``EN_EDIT``/``KO_EDIT``)."""
    return bool((KO_EDIT if language == "ko" else EN_EDIT).search(text))


# Verbs strong enough to make something even when no medium is named ("make a cozy cabin").
EN_MAKE = re.compile(
    r"\b(?:make|create|generate|render|design|produce|build|craft|whip\s+up|give\s+me|show\s+me|"
    r"i\s+(?:want|need|would\s+like|'d\s+like)|i'd\s+like|visualize|depict|come\s+up\s+with|put\s+together)\b",
    re.IGNORECASE,
)
KO_MAKE = re.compile(r"(?:만들|만드|생성|제작|그려|그리(?!움|워)|보여\s*줘)")

KO_QUESTION_WORDS = re.compile(
    r"(?:뭐(?!라고)|무엇|무슨|어떻게|어떤|왜|언제|어디|얼마나|누구|몇\s*(?:시|살)|뭔가요|뭔데|뭐야|뭐예요|뭐에요|뭘까|차이)"
)
KO_CAPABILITY = re.compile(
    r"(?:수\s*(?:있어|있나|있니|있을까|있습니까|있나요|있어요|있으세요|있는지|있음|있냐|있남|있으심|있수|되나|돼)"
    r"|가능(?:해|한가|할까|하니|합니까|해요|한지|하나요|함|하냐|한거야|한\s*거야)?(?=[\s?.!~]*$)"
    r"|줄\s*(?:알아|아니|알아요|아세요|알지|알까|아나|아냐|앎|압니까))"
    r"[\s?.!~ㅋㅎ]*$"
)
# A verb turned into a noun ("그림 그리는 거", "영상 만드는 것") is a topic, not an order: it does
# not count as a creation cue ("그림 그리는 거 좋아해?" asks about a liking).
KO_NOMINALIZED = re.compile(
    r"\S+(?:는|던)\s*(?:거|것|게|걸|건)(?:을|를|이|가|은|는|도|야)?(?=[\s?!.~,]|$)"
    # a making verb in a relative clause describes a noun ("아까 만들어준 3D 모델", "네가 생성한 그림")
    r"|(?:만들어\s*준|그려\s*준|만들었던|그렸던|생성한|생성했던|제작한|제작했던|만들어\s*줬던|그려\s*줬던)(?=\s)"
    # ... or a kind of result ("생성된 3D 모델", "만들어진 그림"), or when one is made ("이미지 만들 때")
    r"|(?:생성된|생성되는|만들어진|만들어지는)(?=\s)|(?:만들|그릴|생성할|뽑을)\s*때"
)
# "해 본 적 있어?", "만들어 봤어?": asks about experience, not for an asset.
KO_EXPERIENCE = re.compile(r"(?:본|봤던|해\s*본|한|그린|만든)\s*적\s*(?:이|은|도)?\s*(?:있|없)")
KO_TALK_VERBS = re.compile(r"(?:설명해|알려\s*줘|알려\s*주세요|가르쳐|얘기해\s*줘|이야기해\s*줘|추천해|소개해|궁금해|궁금한데|뭐야|인지\s*알)")
KO_REQUEST_ENDING = re.compile(r"(?:줘|줘요|주세요|줄래|줄래요|주실래요|주라|해봐|하자|부탁|싶어|원해|요청\s*(?:드립니다|드려요|합니다))")
KO_WISH = re.compile(r"(?:면|으면)\s*좋겠|했으면|줬으면|싶")


def ko_past_statement(text: str) -> bool:
    """A finished action told, not asked for ("잘 만들었다", "어제 그렸어"): the last word carries
    the past-tense ㅆ (었/았/였...), which "있어" and the wish "좋겠어" do not count as."""
    words = text.strip(" .!?~ㅋㅎ").split()
    if not words or KO_REQUEST_ENDING.search(text) or KO_WISH.search(text):
        return False
    for ch in words[-1]:
        if final_consonant(ch) == "ㅆ" and ch not in "있겠없":
            return True
    return False
# "-던데" tells what was seen ("팔이 몸 뚫고 들어가던데 ㅋㅋ"), "이건 좀..." trails off a complaint, "완전 X임"
# judges ("완전 로봇임"): none of them asks for anything.
KO_DECLARATIVE = re.compile(r"(?:다|네|네요|군|구나|군요|지|죠|어요|아요|예요|이에요|잖아|ㅋ+|ㅎ+|거든|는데|던데|던데요|"
                            r"(?:완전|진짜|ㄹㅇ|걍)\s+\S+임|좀\s*\.{2,}|좀…)[\s.!~ㅋㅎㅠ…" + _EMOJI + r"]*$")

# Generic objects that make a capability question a question, not an order.
_EN_GENERIC_OBJECT = (
    r"(?:(?:a|an|the|some|any|many|more|other|different|good|nice|cool|simple|custom|own|real|actual|that|this|those|these|"
    r"short|long|3d|2d|animated|talking|moving|360(?:-degree)?|kind\s+of|sort\s+of|type\s+of|kinds\s+of|types\s+of)\s+)*"
    r"(?:things?|stuff|anything|something|everything|ones?|kinds?|types?|sorts?|those|these|them|that|this|it|same|"
    r"pictures?|images?|videos?|clips?|models?|meshes|"
    r"assets?|panoramas?|skyboxes|animations?|motions?|avatars?|speech|audio|voices?|drawings?|illustrations?|"
    r"paintings?|portraits?|photos?|movies?|files?|art(?:work)?|dances?|text|transcripts?|recordings?|logos?|icons?|"
    r"posters?|emblems?|wallpapers?|sprites?|concept\s+art|figurines?|sculptures?|statues?)?"
)
# A subject naming no concrete thing, alone or listed ("videos or 3D stuff", "images and such").
EN_GENERIC_OBJECTS = re.compile(
    r"^(?:or|and)?\s*" + _EN_GENERIC_OBJECT + r"(?:\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*" + _EN_GENERIC_OBJECT + r")*"
    r"(?:\s+(?:too|also|as\s+well|for\s+me|for\s+us|like\s+that|and\s+(?:such|stuff|so\s+on)|or\s+(?:something|whatever|anything)|"
    r"or\s+not|at\s+all|actually|even))*$",
    re.IGNORECASE,
)


def tool_scores(text: str, language: str) -> dict[str, float]:
    """The summed weight of every cue of each tool found in ``text`` (absent tools score 0)."""
    cues = KO_CUES if language == "ko" else EN_CUES
    scores: dict[str, float] = {}
    for tool, tool_cues in cues.items():
        total = 0.0
        for cue in tool_cues:
            if cue.pattern.search(text):
                total += cue.weight
        if language == "ko":  # Korean requests mix in English words ("3D", "avatar", "TTS")
            latin = "".join(ch if ch.isascii() else " " for ch in text)
            if latin.strip():
                for cue in EN_CUES[tool][:1]:
                    if cue.pattern.search(latin):
                        total = max(total, cue.weight)
        if total:
            scores[tool] = total
    return scores


def names_medium(text: str, language: str = "en") -> bool:
    """Whether a phrase names an output medium strongly enough to be a request of its own."""
    return any(score >= 3 for score in tool_scores(text, language).values())


# ----------------------------------------------------------------- source phrases (inputs)

# A medium named as the *input* ("a video of the 3D model", "turn this photo into ...") is not
# the requested output; cues inside such phrases are removed before scoring the clause.
_EN_SOURCE_PHRASE = re.compile(
    r"\b(of|from|with|using|use|based\s+on|out\s+of|on|for|turn|convert|transform|change|take|animate|"
    r"into|onto|to|in)\s+(?:(?:the|this|that|these|those|my|our|your|his|her|its|same|attached|uploaded|previous|"
    r"last|earlier)\s+)+(?:\w+\s+){0,2}?" + _KINDS_EN + r"\b",
    re.IGNORECASE,
)
_EN_TURN_INTO = re.compile(
    r"\b(turn|convert|transform|change|make)\s+(?:(?:the|this|that|my|our|a|an)\s+)?(?:\w+\s+){0,2}?"
    + _KINDS_EN + r"\s+(?=into|to\s+an?\b|in\s+to)",
    re.IGNORECASE,
)
_KO_KIND = r"(?:그림|이미지|사진|일러스트|모델|3d\s*모델|영상|동영상|비디오|클립|음성|목소리|녹음|오디오|파일|캐릭터|아바타|모션|동작|초상화|파노라마|던전|레벨)"
_KO_KIND_WORD = r"(?:그림|이미지|사진|일러스트|모델|3d\s*모델|영상|동영상|비디오|클립|음성|목소리|녹음|오디오|캐릭터|아바타|모션|초상화|파노라마)"
_KO_SOURCE_PHRASE = re.compile(
    # "그/이/저" are determiners only as words of their own ("이 사진"; "이걸로 아바타" is no source)
    r"(?:^|(?<=\s))(?:(?:그|이|저)\s+|(?:아까|방금|위의?|앞의?|만든|그린|올린|첨부한|보낸|업로드한)\s*)(?:\S+\s+)?"
    + _KO_KIND + r"\S*",
    re.IGNORECASE,
)
_KO_OBJECT_THEN_TARGET = re.compile(
    r"(?:\S*\s)?" + _KO_KIND + r"(?:을|를)\s+(?=(?:\S+\s+)?\S*(?:으로|로)(?:\s|$))", re.IGNORECASE
)


# An asset of an earlier turn named by who made it and when: "the castle picture you drew
# before", "the 3D model from yesterday", "yesterday's dragon video", "아까 만든 용 3D 모델".
EN_PAST_ASSET = re.compile(
    r"\b(?:(?:the|that|this|my|our|your|those|these)\s+(?:[\w-]+\s+){0,3}?" + _KINDS_EN +
    r"\s+(?:(?:that|which)\s+)?(?:you|i|we)\s+(?:just\s+|already\s+)?(?:made|drew|drawn|created|generated|rendered|"
    r"built|did|painted|sketched|modell?ed|recorded|uploaded|sent|shared|gave\s+me|showed\s+me)\b"
    r"(?:\s+(?:me|for\s+me|for\s+us|before|earlier|yesterday|last\s+time|previously|a\s+while\s+ago|already|today|"
    r"this\s+morning|last\s+week))*"
    r"|(?:the|that|my|our|your)\s+(?:[\w-]+\s+){0,3}?" + _KINDS_EN +
    r"\s+from\s+(?:before|earlier|yesterday|last\s+time|last\s+week|the\s+last\s+session|this\s+morning)"
    r"|(?:yesterday's|(?:the|that|my)\s+(?:earlier|previous|last|old))\s+(?:[\w-]+\s+){0,2}?" + _KINDS_EN + r")",
    re.IGNORECASE,
)
KO_PAST_ASSET = re.compile(
    r"(?:아까|방금|전에|어제|지난번에?|예전에|저번에)\s*(?:\S+\s+){0,2}?\S*" + _KO_KIND_WORD +
    r"|(?:만든|그린|생성한|만들었던|그렸던|만들어\s*준|그려\s*준)\s+(?:\S+\s+){0,2}?\S*" + _KO_KIND_WORD,
    re.IGNORECASE,
)


def names_past_asset(text: str, language: str) -> bool:
    """Whether the clause names an asset made in an earlier turn (see ``EN_PAST_ASSET``)."""
    return bool((KO_PAST_ASSET if language == "ko" else EN_PAST_ASSET).search(text))


_EN_PICTURE_SOURCE = re.compile(
    r"\b(?:this|that|the|my|our|these|those|attached|uploaded|same)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:pictures?|photos?|photographs?|images?|drawings?|paintings?|illustrations?|portraits?|sketch(?:es)?|pics?|"
    r"artworks?|art|selfies?|posters?|snapshots?|wallpapers?|banners?|logos?|stickers?|storyboards?|comic\s+panels?)\b",
    re.IGNORECASE,
)
_KO_PICTURE_SOURCE = re.compile(
    r"(?:(?:^|(?<=\s))(?:이|그|저|첨부한|올린|보낸|업로드한|아까|방금)\s*(?:\S+\s+)?(?:그림|사진|이미지|일러스트|초상화|스케치|포스터)"
    r"|(?:그림|사진|이미지|일러스트|초상화)(?:을|를|이|가|속|에서|에|의)(?=\s|$)"
    # a picture first, then what should move in it: "사진 좀 움직이게 만들어줘"
    r"|(?:그림|사진|이미지|일러스트|초상화)\S*\s+(?:\S+\s+){0,2}?\S*(?:움직이|움직여|살아\s*움직|춤추|애니메이션))"
)


def moves_a_picture(text: str, language: str) -> bool:
    """Whether the thing to set in motion is a picture ("animate this picture", "이 그림 움직이게
    해줘", "make the people in my photo dance"): that is a video made from the image, never a
    skeletal motion clip, which needs a body."""
    if (_KO_DRAW if language == "ko" else _EN_DRAW).search(text):
        return False  # "draw the picture of a dancing cat" makes the picture
    if not (_KO_MOVES if language == "ko" else _EN_MOVES).search(text):
        return False
    return bool((_KO_PICTURE_SOURCE if language == "ko" else _EN_PICTURE_SOURCE).search(text))


_EN_MOVES = re.compile(r"animat|to\s+life|alive|\bmov(?:e|es|ing)\b|danc|wav(?:e|es|ing)\b|walk|jump|blink|smil|"
                       r"drift|flow|sway|flutter|spin|rotat", re.IGNORECASE)
_KO_MOVES = re.compile(r"움직|살아|애니메이션|춤|흔들|걷|뛰|날아|흘러|돌아|회전")

_EN_DRAW = re.compile(r"\b(?:draw|drew|paint|sketch|illustrate|doodle|photograph)\b", re.IGNORECASE)
_KO_DRAW = re.compile(r"그려|그리(?!움|워)|그릴|칠해|찍어")


def strip_source_phrases(text: str, language: str) -> str:
    """``text`` without phrases that name an input artifact (see above)."""
    if language == "ko":
        text = _KO_SOURCE_PHRASE.sub(" ", text)
        return _KO_OBJECT_THEN_TARGET.sub(" ", text)
    text = _EN_TURN_INTO.sub(r"\1 ", text)
    text = EN_PAST_ASSET.sub(" ", text)
    return _EN_SOURCE_PHRASE.sub(r"\1 ", text)


def strip_tool_cues(text: str, tool: str, language: str) -> str:
    """``text`` without the words that only say which tool (or how it moves): what is left is
    the clause's own subject. "돌아가는" in a video clause or "춤추게" in a motion clause names
    no object, so a clause made only of such words builds on the previous step's result."""
    cues = (KO_CUES if language == "ko" else EN_CUES).get(tool, ())
    if language == "ko":
        words = [w for w in text.split() if not any(cue.pattern.search(w) for cue in cues)]
        return " ".join(words)
    for cue in cues:
        text = cue.pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,")
