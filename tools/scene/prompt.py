"""Read a mesh prompt (English or Korean) into the objects to build.

"three blue chairs", "a red wooden table and four chairs", "빨간 나무 탁자", "의자 세 개" become
:class:`ObjectRequest` s with a kind, count, colour, material and size. The parser is a small
rule-based tagger, not a grammar: modifiers attach to the next object noun; a Korean count
with a counter after a noun ("의자 세 개") attaches to that noun; "나무"/"돌"/"stone" are a
material when another object noun follows ("나무 탁자" = wooden table) and the object itself
otherwise ("나무" = tree). Words that set the scene (places, time of day, weather, landscape, mood:
:mod:`tools.scene.setting`) and words about the medium ("a picture of", "360", "video") are never
objects. A run of words it does not know is read by :mod:`tools.scene.nouns`: modifiers are
dropped, and the head noun becomes the nearest kind by meaning (the multilingual sentence
encoder) when one is close enough ("kitten" -> cat, "요트" -> boat, reported as a substitution),
else it is reported in ``unmatched`` and nothing is built for it: never a labelled box.

Spatial words become :class:`Relation` s between requests: "a pine tree next to a cabin", "a lamp
on top of a table", "four chairs around a table", "five barrels in a row", and in Korean the
postpositions after the anchor noun: "오두막 옆에 소나무", "탁자 위에 램프", "탁자 주위에 의자 네 개",
"집 뒤에 나무", "집 앞에 벤치", "의자 다섯 개를 한 줄로". Written sizes ("a 3 m tall tree",
"높이 2미터 탑", "50 cm wide box") become per-object dimensions in metres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from agent.text import HANGUL_SYLLABLE, HANGUL_SYLLABLES, detect_language
from tools.nearest import TextEncoder
from tools.scene.kinds.food import FOOD_KINDS, SERVING_KINDS
from tools.scene.objects import SURFACE_KINDS, fits_on, word_index
from tools.scene.setting import PLACE_INDEX, is_setting_word

Scale = tuple[float, float, float]

COLOUR_WORDS: dict[str, str] = {
    **dict.fromkeys(("red", "crimson", "scarlet", "빨간", "빨강", "빨간색", "빨강색", "붉은", "레드"), "red"),
    **dict.fromkeys(("blue", "파란", "파랑", "파란색", "파랑색", "푸른", "블루"), "blue"),
    **dict.fromkeys(("green", "초록", "초록색", "녹색", "초록빛", "그린"), "green"),
    **dict.fromkeys(("yellow", "노란", "노랑", "노란색", "노랑색", "옐로"), "yellow"),
    **dict.fromkeys(("white", "하얀", "흰", "흰색", "하얀색", "화이트"), "white"),
    **dict.fromkeys(("black", "검은", "검정", "검은색", "검정색", "까만", "까만색", "블랙"), "black"),
    **dict.fromkeys(("brown", "갈색", "밤색"), "brown"),
    **dict.fromkeys(("gray", "grey", "회색", "잿빛"), "gray"),
    **dict.fromkeys(("purple", "violet", "보라", "보라색", "자주색"), "purple"),
    **dict.fromkeys(("orange", "주황", "주황색", "오렌지색"), "orange"),
    **dict.fromkeys(("pink", "분홍", "분홍색", "핑크", "핑크색"), "pink"),
    **dict.fromkeys(("gold-coloured", "gold-colored", "금색", "금빛"), "gold"),
    **dict.fromkeys(("silver", "은색", "은빛"), "silver"),
    **dict.fromkeys(("cyan", "하늘색"), "cyan"),
    **dict.fromkeys(("navy", "남색"), "navy"),
    **dict.fromkeys(("beige", "베이지", "베이지색"), "beige"),
    "teal": "teal",
    # named shades, mapped to the nearest canonical colour ("gunmetal", "maroon", "청록색")
    **dict.fromkeys(("gunmetal", "gun-metal", "charcoal", "건메탈", "진회색", "짙은회색", "차콜"), "charcoal"),
    **dict.fromkeys(("maroon", "burgundy", "vermilion", "vermillion", "진홍", "진홍색", "자주빛"), "red"),
    **dict.fromkeys(("magenta", "fuchsia", "자홍", "자홍색"), "pink"),
    **dict.fromkeys(("turquoise", "청록", "청록색"), "teal"),
    **dict.fromkeys(("aqua", "민트", "민트색"), "cyan"),
    **dict.fromkeys(("lilac", "lavender-coloured", "퍼플"), "purple"),
    **dict.fromkeys(("indigo", "네이비", "군청", "군청색"), "navy"),
    **dict.fromkeys(("cobalt", "azure", "cerulean"), "blue"),
    **dict.fromkeys(("khaki", "tan", "카키", "카키색"), "beige"),
    **dict.fromkeys(("ivory", "아이보리", "아이보리색"), "white"),
    **dict.fromkeys(("연두", "연두색", "emerald"), "green"),
    **dict.fromkeys(("골드", "골드색"), "gold"),
    **dict.fromkeys(("그레이", "그레이색"), "gray"),
    **dict.fromkeys(("오렌지빛",), "orange"),  # "오렌지" alone is the fruit
    **dict.fromkeys(("브라운", "브라운색"), "brown"),
    **dict.fromkeys(("실버", "실버색"), "silver"),
}
# A shade word before a colour word names a shade of that colour ("gunmetal grey", "forest green", "blood red"):
# the pair reads as the colour (a grey shade as charcoal), never as a noun and a colour
SHADE_WORDS = ("gunmetal", "gun-metal", "charcoal", "slate", "graphite", "ash", "steel", "iron", "forest", "olive",
               "emerald", "lime", "jade", "sage", "mint", "bottle", "hunter", "blood", "ruby", "cherry", "wine",
               "brick", "fire-engine", "royal", "midnight", "cobalt", "sapphire", "electric", "ocean", "ice", "jet",
               "pitch", "coal", "ink", "raven", "snow", "pure", "pearl", "bone", "off", "hot", "rose", "salmon",
               "lemon", "mustard", "golden", "canary", "burnt", "tangerine", "plum", "lavender", "chocolate",
               "coffee", "chestnut", "walnut", "army", "military", "neon", "candy", "sea", "navy")
_DARK_GREYS = ("gunmetal", "gun-metal", "charcoal", "slate", "graphite", "iron", "steel")

MATERIAL_WORDS: dict[str, str] = {
    **dict.fromkeys(("wooden", "wood", "목재", "원목", "목제"), "wood"),
    **dict.fromkeys(("metal", "metallic", "iron", "steel", "금속", "철", "쇠", "강철", "철제", "금속제"), "metal"),
    **dict.fromkeys(("gold", "golden", "금", "황금", "brass", "bronze", "copper", "황동", "놋쇠", "청동", "구리"), "gold"),
    **dict.fromkeys(("stony", "석재", "석조", "concrete", "콘크리트"), "stone"),
    **dict.fromkeys(("glass", "유리", "유리로된"), "glass"),
    **dict.fromkeys(("plastic", "플라스틱"), "plastic"),
    **dict.fromkeys(("marble", "대리석"), "marble"),
    **dict.fromkeys(("ceramic", "porcelain", "도자기", "세라믹"), "ceramic"),
    **dict.fromkeys(("leather", "가죽"), "leather"),
    **dict.fromkeys(("fabric", "cloth", "천"), "fabric"),
    **dict.fromkeys(("cardboard", "paper", "종이", "골판지"), "cardboard"),
}

# Weathering on the next object (or on the one before, trailing): "a rusted sedan", "녹슨 갑옷", "mossy stones"
WEATHERING_WORDS: dict[str, str] = {
    **dict.fromkeys(("rusty", "rusted", "rust-covered", "rust-eaten", "corroded", "rust", "녹슨", "녹슬은", "녹슨듯한",
                     "부식된", "녹이슨"), "rusty"),
    **dict.fromkeys(("bloody", "blood-stained", "bloodstained", "blood-soaked", "bloodied", "blood-spattered",
                     "피묻은", "피범벅", "피범벅인", "피투성이", "피투성이인", "피칠갑", "피칠갑된", "피묻힌"), "bloody"),
    # a glow is not age, but it is a change to the surfaces of one object in the same way
    **dict.fromkeys(("glowing", "glowy", "luminous", "radiant", "shining", "shiny-glowing", "빛나는", "발광하는",
                     "빛나고", "빛을", "야광"), "glowing"),
    **dict.fromkeys(("mossy", "moss-covered", "moss-grown", "overgrown", "이끼낀", "이끼덮인", "이끼가낀", "이끼긴"),
                    "mossy"),
}

# Words that say the words before them are about what something is made of ("나무 재질", "stone texture")
MATERIAL_TALK = frozenset(("재질", "재질로", "재질을", "재질감", "소재", "소재로", "질감", "material", "materials", "texture",
                           "textures", "texturing"))
# Words that are a material before another object noun and an object on their own.
MATERIAL_OR_OBJECT: dict[str, str] = {"나무": "wood", "돌": "stone", "stone": "stone", "oak": "wood"}

# Parts of the object they follow or precede, never objects of their own: "a cart with two wheels",
# "돛 세 개 달린 해적선", "a bike with orange stripes". Their count and (in English) colour are theirs.
PART_WORDS = frozenset((
    "wheel", "wheels", "sail", "sails", "handle", "handles", "roof", "roofs", "stripe", "stripes", "beard", "hook",
    "hooks", "root", "roots", "lid", "lids", "leg", "legs", "wing", "wings", "horn", "horns", "tail", "tails",
    "spots", "dots", "trim", "hilt", "mast", "masts", "chimney", "porch", "pommel", "strap", "straps", "stopper",
    "cork", "cap", "plume", "plumes", "feather", "feathers", "saddle", "saddles", "face", "smile", "scarf",
    "spike", "spikes", "bumper", "bumpers", "가시", "스파이크", "범퍼",  # "spikes on the front bumper": the truck's
    "마개", "코르크", "깃털", "깃털장식", "안장", "얼굴", "웃는얼굴", "목도리", "스카프",
    "돛", "돛대", "바퀴", "손잡이", "지붕", "줄무늬", "수염", "고리", "뿌리", "뚜껑", "다리", "날개", "뿔", "꼬리", "점박이",
    "무늬", "장식", "칼날", "굴뚝", "끈"))

# Part words whose colour goes to the builders' parts of that name ("roof" colours a house's roof, a windmill's
# cap); a part name matches itself and its numbered or sided copies ("sail_1", "door_l")
PART_NAMES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("roof", "roofs", "지붕"), ("roof", "cap")),
    **dict.fromkeys(("door", "doors", "문"), ("door",)),
    **dict.fromkeys(("window", "windows", "창문", "창"), ("window",)),
    **dict.fromkeys(("sail", "sails", "돛", "blades", "날개"), ("sail", "blade", "wing")),
    **dict.fromkeys(("wheel", "wheels", "바퀴"), ("wheel",)),
    **dict.fromkeys(("handle", "handles", "손잡이", "hilt", "grip"), ("handle", "hilt", "grip")),
    **dict.fromkeys(("lid", "lids", "뚜껑"), ("lid",)),
    **dict.fromkeys(("stripe", "stripes", "줄무늬"), ("stripe",)),
    **dict.fromkeys(("chimney", "굴뚝"), ("chimney",)),
    **dict.fromkeys(("trim", "band", "bands", "띠"), ("trim", "band")),
}

# Nouns that, after "with", are a part of the object named before it (which builds them itself), not a
# second object: "an airship with brass propellers and a canvas balloon", "a mushroom house with a round door".
OWN_PARTS: dict[str, frozenset[str]] = {
    "bridge": frozenset(("arch", "arches", "pillar", "pillars", "pier", "piers", "railing", "railings", "parapet",
                         "아치", "교각", "난간")),
    "airship": frozenset(("balloon", "balloons", "envelope", "propeller", "propellers", "gondola", "canvas", "fin",
                          "fins", "engine", "engines", "gasbag", "gas bag", "프로펠러", "풍선", "기구", "곤돌라", "엔진", "기낭",
                          "가스주머니")),
    "hot_air_balloon": frozenset(("basket", "baskets", "burner", "rope", "ropes", "envelope", "바구니", "버너")),
    "mushroom_house": frozenset(("door", "doors", "window", "windows", "chimney", "문", "창문", "굴뚝")),
    "house": frozenset(("door", "doors", "window", "windows", "문", "창문")),
    "mansion": frozenset(("door", "doors", "window", "windows", "문", "창문", "현관", "현관문")),
    "prison": frozenset(("door", "doors", "window", "windows", "bars", "문", "창문", "철문", "창살")),
    "cabin": frozenset(("door", "doors", "window", "windows", "문", "창문")),
    # "a truck with welded armor plates": plating on the vehicle, never dinner plates beside it
    "truck": frozenset(("plate", "plates", "plating", "armor", "armour", "장갑판", "철판")),
    "car": frozenset(("plate", "plates", "plating", "armor", "armour", "장갑판", "철판")),
    "chest": frozenset(("lock", "padlock", "bands", "band", "자물쇠")),
    # "a cargo drone with four rotors and a container hanging underneath": its own rotors and load
    "cargo_drone": frozenset(("rotor", "rotors", "propeller", "propellers", "container", "containers", "cargo", "box",
                              "crate", "package", "parcel", "payload", "arm", "arms", "light", "lights", "camera",
                              "프로펠러", "로터", "화물", "택배", "상자", "컨테이너", "짐")),
    "bus_stop": frozenset(("bench", "benches", "seat", "roof", "shelter", "sign", "timetable", "벤치", "의자", "지붕",
                           "표지판", "시간표")),
    "helicopter": frozenset(("rotor", "rotors", "propeller", "propellers", "blade", "blades", "프로펠러", "로터")),
}

SIZE_WORDS: dict[str, Scale] = {
    **dict.fromkeys(("small", "little", "작은", "작고", "조그만", "조그마한"), (0.6, 0.6, 0.6)),
    **dict.fromkeys(("tiny", "mini", "miniature", "아주작은", "미니"), (0.35, 0.35, 0.35)),
    **dict.fromkeys(("large", "big", "큰", "크고", "커다란", "대형"), (1.5, 1.5, 1.5)),
    **dict.fromkeys(("huge", "giant", "enormous", "massive", "거대한", "엄청큰"), (2.5, 2.5, 2.5)),
    **dict.fromkeys(("tall", "높은", "키큰"), (1.0, 1.5, 1.0)),
    **dict.fromkeys(("short", "low", "낮은"), (1.0, 0.65, 1.0)),
    **dict.fromkeys(("wide", "broad", "넓은"), (1.5, 1.0, 1.5)),
    **dict.fromkeys(("long", "긴"), (1.6, 1.0, 1.0)),
}

# Styles change level of detail or turn everything into a grey blockout.
STYLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("low-poly", "lowpoly", "로우폴리", "로우-폴리"), "low_poly"),
    **dict.fromkeys(("high-poly", "highpoly", "detailed", "smooth", "realistic", "photorealistic", "photoreal",
                     "lifelike", "하이폴리", "정교한", "사실적인", "실사", "실사풍", "실사풍으로", "실사로", "리얼한", "사실적으로"),
                    "high_poly"),
    **dict.fromkeys(("greybox", "graybox", "grey-box", "gray-box", "blockout", "block-out", "그레이박스", "블록아웃"),
                    "greybox"),
}

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "single": 1, "two": 2, "pair": 2, "couple": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20,
    "few": 3, "several": 3,  # "a few stones", "several barrels": a handful, not one
    # a group's word is a count of its own: "a school of fish", "열대어 떼", "a flock of birds"
    "school": 6, "flock": 6, "swarm": 6, "herd": 5, "pack": 4, "떼": 6, "무리": 5, "떼거리": 6,
    # Korean noun-form numbers stand alone: "탁자 하나", "의자 넷"
    "하나": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
}
# Korean determiner-form numbers count only next to a counter: "세 개" yes, "네" alone is "yes".
KOREAN_COUNTED: dict[str, int] = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
    "열한": 11, "열두": 12, "스무": 20, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8,
    "구": 9, "십": 10, "몇": 3,  # "돌멩이 몇 개": a few
}
COUNTERS = ("개", "대", "채", "그루", "자루", "마리", "점", "벌", "척", "명", "분", "송이", "장")

SEPARATORS = {",", "and", "with", "plus", "&", "또", "그리고", "및"}
# After these, unknown words describe a place ("a chair in the kitchen"), not an object to build.
PREPOSITIONS = {"in", "on", "at", "from", "near", "by", "under", "beside", "inside", "into", "to", "next", "behind"}
# After these, even known nouns are a purpose, not an object: "a lamp for my desk" is one lamp.
PURPOSE_WORDS = {"for", "as"}  # "four logs around it as seats": the logs are the seats, no chairs besides

RELATIONS = ("next_to", "left_of", "right_of", "on_top", "behind", "in_front", "around", "in_row", "scattered",
             "flanking", "stacked", "stuck_in", "held")
# flanking: one copy on each side of the anchor ("양옆에", "on both sides of"); stacked: the copies piled on each
# other ("three barrels stacked by the door", "상자 세 개가 쌓여"), wherever the request itself stands; stuck_in:
# on the anchor and sunk into it ("a sword stuck in a stone", "바위에 박힌 검"); held: in the anchor's hand
# ("a knight holding a sword", "당근 들고 있는 햄스터")
# Relations that need no anchor object: they arrange the copies of one request.
FREE_RELATIONS = {"in_row", "around", "scattered", "stacked"}
# Relations that arrange a request's own copies and leave it free to stand by an anchor as well
OWN_ARRANGEMENTS = {"stacked"}
# "a row of five barrels": the arrangement comes before the objects it arranges
PREFIX_RELATIONS = {"row_of": "in_row", "circle_of": "around", "stack_of": "stacked"}
# English phrases, longest first; matched on word boundaries and turned into one "rel_<name>" token.
ENGLISH_RELATIONS: tuple[tuple[str, str], ...] = (
    ("in a circle around", "around"), ("in a ring around", "around"), ("on the top of", "on_top"),
    ("to the left of", "left_of"), ("to the right of", "right_of"), ("on the left of", "left_of"),
    ("on the right of", "right_of"), ("at the back of", "behind"), ("in back of", "behind"),
    ("on top of", "on_top"), ("in front of", "in_front"), ("next to", "next_to"), ("close to", "next_to"),
    ("left of", "left_of"), ("right of", "right_of"), ("in a row", "in_row"), ("in a line", "in_row"),
    ("lined up", "in_row"), ("side by side", "in_row"), ("a row of", "row_of"), ("a line of", "row_of"),
    ("stacked up", "stacked"), ("stacked", "stacked"), ("piled up", "stacked"), ("piled", "stacked"),
    ("a stack of", "stack_of"), ("a pile of", "stack_of"), ("a heap of", "stack_of"),
    ("stuck in", "stuck_in"), ("stuck into", "stuck_in"), ("embedded in", "stuck_in"), ("lodged in", "stuck_in"),
    ("thrust into", "stuck_in"), ("driven into", "stuck_in"), ("plunged into", "stuck_in"),
    ("on top of it", "on_top_last"), ("on top of them", "on_top_last"), ("on top", "on_top_last"),
    ("scattered around", "scattered"), ("scattered about", "scattered"), ("scattered", "scattered"),
    ("strewn about", "scattered"), ("strewn", "scattered"), ("dotted around", "scattered"),
    ("here and there", "scattered"), ("all over the place", "scattered"),
    ("a circle of", "circle_of"), ("a ring of", "circle_of"), ("in a circle", "around"), ("in a ring", "around"),
    ("around", "around"), ("surrounding", "around"), ("encircling", "around"), ("beside", "next_to"),
    ("on either side of", "both_sides"), ("on both sides of", "both_sides"), ("either side of", "both_sides"),
    ("flanking", "both_sides"), ("crashing on", "next_to"), ("crashing against", "next_to"),
    ("breaking on", "next_to"), ("breaking against", "next_to"), ("crash on", "next_to"), ("against", "next_to"),
    ("near", "next_to"), ("by", "next_to"), ("alongside", "next_to"), ("behind", "behind"), ("onto", "on_top"),
    ("atop", "on_top"), ("upon", "on_top"), ("on", "on_top"),
)
# "성문 양옆에 횃불": beside the anchor on both sides, so the subject comes as a pair
BOTH_SIDES_KO = ("양옆에", "양옆", "양쪽에", "양쪽", "양편에", "양옆으로", "좌우에", "좌우로")
# "찻주전자와 머그잔이 놓인 식탁": what is named before these stands on the thing named after them
PLACED_ON_KO = ("놓인", "놓여", "놓여있는", "올려진", "올려져", "올려놓은", "올려둔", "올린", "얹힌", "얹어진")
# Korean postpositional words that follow the anchor noun ("오두막 옆에"); also matched glued to it.
KOREAN_RELATIONS: dict[str, str] = {
    **dict.fromkeys(("옆에", "옆", "옆으로", "옆에다", "곁에", "근처에", "가까이에", "가까이", "옆쪽에"), "next_to"),
    **dict.fromkeys(BOTH_SIDES_KO, "flanking"),
    **dict.fromkeys(("왼쪽에", "왼편에", "왼쪽"), "left_of"),
    **dict.fromkeys(("오른쪽에", "오른편에", "오른쪽"), "right_of"),
    **dict.fromkeys(("위에", "위", "위로", "위에다", "꼭대기에"), "on_top"),
    **dict.fromkeys(("뒤에", "뒤", "뒤쪽에", "뒤편에", "뒤로", "뒤에다"), "behind"),
    **dict.fromkeys(("앞에", "앞", "앞쪽에", "앞으로", "앞에다"), "in_front"),
    **dict.fromkeys(("주위에", "둘레에", "주변에", "주위로", "둘레로", "주변으로", "주위", "둘레", "주변", "빙둘러"), "around"),
    **dict.fromkeys(("한줄로", "일렬로", "나란히", "줄지어", "한줄", "일렬"), "in_row"),
    **dict.fromkeys(PLACED_ON_KO, "on_top"),
    **dict.fromkeys(("쌓인", "쌓여", "쌓여있는", "쌓아", "쌓아둔", "쌓아놓은", "쌓아올린", "겹겹이"), "stacked"),
    **dict.fromkeys(("박힌", "박혀", "박혀있는", "꽂힌", "꽂혀", "꽂혀있는"), "stuck_in"),
    **dict.fromkeys(("흩어진", "흩어져", "여기저기", "곳곳에", "흩뿌려진", "널려있는", "널린"), "scattered"),
}
PRONOUNS = {"it", "them", "that", "this", "그것", "그거", "him", "her", "his", "its", "their", "그", "그녀"}

# "2 m", "2.5 metres", "50cm", "3미터": a written size, in metres; the axis word may follow
# (English "tall", "long") or come first (Korean "높이", "길이").
UNITS = {"m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0, "미터": 1.0, "cm": 0.01,
         "centimetre": 0.01, "centimetres": 0.01, "centimeter": 0.01, "centimeters": 0.01, "센티미터": 0.01,
         "센티": 0.01, "센치": 0.01, "mm": 0.001, "km": 1000.0, "킬로미터": 1000.0, "ft": 0.3048, "feet": 0.3048,
         "foot": 0.3048}
DIMENSION = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?)\s*(" + "|".join(sorted(UNITS, key=len, reverse=True)) +
                       r")(?![a-z])")
AXIS_AFTER = {"tall": "height", "high": "height", "long": "length", "wide": "width", "deep": "depth",
              "across": "size", "in size": "size"}
AXIS_BEFORE = {"높이": "height", "높이가": "height", "키": "height", "키가": "height", "길이": "length",
               "길이가": "length", "폭": "width", "폭이": "width", "너비": "width", "너비가": "width",
               "깊이": "depth", "깊이가": "depth", "크기": "size", "크기가": "size"}
STOP_WORDS = {
    "a", "an", "the", "of", "some", "set", "make", "create", "generate", "build", "model", "design", "give", "show",
    "me", "us", "please", "i", "want", "need", "would", "like", "could", "can", "you", "3d", "mesh", "glb",
    "object", "asset", "prop", "made", "out", "that", "is", "are", "it", "this", "my", "our", "let's", "just",
    "put", "place", "them", "each", "other", "standing", "sitting", "placed", "arranged", "scene",
    "한상", "밥상", "상차림", "차려진", "차린",
    "한번", "좀", "3d로", "모델", "모델로", "메쉬", "하나만", "만", "것", "거", "걸로", "거로", "것으로", "걸",
    # the medium, never an object: "a picture of", "a 360 panorama", "a short video"
    "picture", "pictures", "image", "images", "photo", "photos", "photograph", "drawing", "draw", "paint",
    "painting", "render", "rendering", "illustration", "art", "artwork", "sketch", "wallpaper", "view", "video",
    "videos", "clip", "movie", "animation", "animated", "animate", "film", "gif", "footage", "spinning", "spin",
    "rotating", "rotate", "turning", "turntable", "revolving", "orbiting", "360", "panorama", "panoramic",
    "skybox", "degree", "degrees", "showing", "shows", "featuring", "concept", "environment", "shot", "quick",
    "short", "second", "seconds", "sec", "pls", "plz", "cinematic", "camera", "flythrough", "fly-through",
    "그림", "사진", "이미지", "영상", "동영상", "비디오", "회전", "회전하는", "도는", "돌아가는", "파노라마", "스카이박스",
    "그려줘", "그려", "만들어줘", "보여줘", "짧은", "일러스트", "컨셉아트", "배경", "장면", "풍경", "360도", "한장",
    "컷", "초", "초짜리",
    # how it is framed, moves or looks, never an object: "a potion close-up loop", "핸드페인팅 느낌", "프로필 아이콘"
    "close-up", "closeup", "macro", "loop", "looping", "loopable", "seamless", "flickering", "flicker", "flickers",
    "bubbling", "bubbles", "bubble", "boiling", "fizzing", "smoke", "smoking", "smoky", "steam", "steaming",
    "dolly", "zoom", "zooming", "panning", "slow", "icon", "icons", "avatar", "profile", "sticker", "emoji",
    "thumbnail", "hand-painted", "handpainted", "painted", "painterly", "pixel", "pixelated", "8-bit", "16-bit",
    "클로즈업", "근접", "루프", "반복", "깜빡이는", "깜빡", "보글보글", "보글거리는", "부글부글", "연기", "거품", "증기",
    "full", "pano", "dronshot", "드론샷", "모델링", "게임용", "game-ready", "ready", "matte",
    "glossy", "shiny", "전신", "stylized", "stylised", "cartoon", "cartoony", "cute", "귀여운", "카툰",
    "스타일", "스타일로", "style", "top-down", "isometric", "달린", "달려있는", "달린다", "hanging", "hangs", "hung",
    "걸린", "걸려있는", "입은", "입고", "걸친", "착용한", "줌인", "줌아웃", "zoom-in", "zoom-out", "바닥", "땅",
    "background", "backdrop", "transparent", "isolated", "투명", "투명한", "켜진", "켜져있는", "lit",
    "덮인", "forward", "forwards", "backward", "moving", "slowly", "upward", "upwards", "쭉", "천천히",
    # how a thing moves or is shown, never an object: "sparks rising", "lid half open", "landing", "camera tilts up"
    # a place's own rails and a camera's sweep, never objects ("flooded tracks" in a subway is no race track)
    "track", "tracks", "rail", "rails", "railway", "railroad", "선로", "철로", "철길", "레일", "훑고", "훑는", "훑으며",
    "reflection", "reflections", "반사", "반사광",
    "떨어진", "떨어져", "빠진", "부러진", "broken", "missing", "coming", "comes", "falling", "pouring", "덩그러니", "홀로", "혼자", "alone", "lonely", "lone",
    "resting", "rests", "lying", "lies", "perched", "leaning", "asleep", "sleeping", "placed", "sits", "stands",
    "spark", "sparks", "ember", "embers", "rising", "half", "open", "opened", "spilling", "landing", "lands", "tilt",
    "tilts", "tilting", "following", "follows", "tracking", "side-scrolling", "side-scroller", "scrolling", "sidescroller",
    "횡스크롤", "platformer", "running", "walking", "두르고", "두른", "쓰고",
    "전방위", "전방위로", "있음", "있어요", "쓸", "수", "불똥", "불씨", "반쯤", "열린", "열려있는",
    "him", "her", "his", "its", "their", "그녀", "mount", "mounts", "탈것",
    "색", "색상", "색깔", "속성", "속성별", "속성별로", "attribute", "attributes", "element", "elemental", "variant",
    "variants", "version", "versions", "카메라", "카메라워크", "push", "pushing", "push-in", "pull", "pull-out", "flash", "flashes", "flashing", "밀고", "밀며", "다가가는",
    "초상화", "초상", "portrait", "portraits", "headshot", "full-body", "전신샷", "전신도",
    "포함", "포함해서", "포함한", "including", "included", "둘러본", "둘러보는", "둘러보기", "떠", "떠있는", "colours", "colors", "색깔별로", "핸드페인팅", "페인팅", "느낌", "느낌으로", "픽셀", "도트", "아이콘", "아바타", "프로필", "스티커", "이모지", "썸네일",
}
# A drone that is the camera ("drone shot", "drone fly-through", "드론 촬영", "드론으로 본"), not a drone in the scene
DRONE_CAMERA = re.compile(
    r"(?:(?:by|from|via|like)\s+(?:a\s+)?drone|drone)(?:'s)?[\s-]*(?:shots?|views?|footage|fly[\s-]?(?:through|over|by)|"
    r"flythrough|flyover|cam(?:era)?|pov|perspective|angles?|videos?|clips?|sweeps?|style|eye|point of view|"
    r"(?=\s+(?:of|over|above|across|through|along|around)\b))|"
    r"(?:(?:by|from|via|like)\s+(?:a\s+)?drone)|"
    r"드론\s*(?:샷|뷰|촬영|영상|시점|카메라|캠|항공|으로|처럼|같은|느낌)")
# "well" as an adverb after a verb or an intensifier ("reads well", "works well", "as well"), never a well to build
WELL_ADVERB = re.compile(r"\b(reads|read|works|work|looks|look|fits|fit|goes|go|plays|play|as|very|pretty|quite|"
                         r"really|so|renders|render|shows|show|holds|hold|scales|scale|animates|animate|tiles|tile)"
                         r"\s+well\b")
# Korean particles, longest first; the flag says what the particle tells the parser.
PARTICLES: tuple[tuple[str, str], ...] = (
    ("이에요", ""), ("입니다", ""), ("이야", ""), ("예요", ""),  # the copula: "모닥불이야" is "it's a campfire"
    ("이랑", "and"), ("하고", "and"), ("으로", "made_of"), ("에서", "place"), ("들을", ""), ("들이", ""),
    ("들과", "and"), ("들와", "and"), ("들", ""), ("를", ""), ("을", ""), ("은", ""), ("는", ""), ("와", "and"),
    ("과", "and"), ("랑", "and"), ("로", "made_of"), ("의", "of"), ("에", "place"), ("이", ""), ("가", ""),
    ("도", ""),
)
# Only these are stripped from words the parser does not know (so "고양이" keeps its "이").
SAFE_PARTICLES = {"이에요", "입니다", "이야", "예요", "이랑", "하고", "으로", "에서", "들을", "들과", "를", "을", "은", "는", "와", "과", "랑", "로", "에"}
KOREAN_VERB_ENDINGS = ("줘", "주세요", "줄래", "줄래요", "해", "해요", "하세요", "봐", "봐요", "싶어", "싶어요", "니다",
                       "어요", "하다", "든다", "는다",
                       # a verb before its noun ("밀고 들어가는 장면", "날아다니는 반딧불이"), never a thing to build
                       "가는", "오는", "하는", "되는", "다니는", "나오는", "들어가는", "지나가는")
NUMBERS_BEFORE_COUNTER = {**NUMBER_WORDS, **KOREAN_COUNTED}
CAMERA_AROUND = re.compile(r"\b(?:orbit|orbits|orbiting|circle|circles|circling|pan|pans|panning|look|looks|looking|"
                           r"fly|flies|flying|rotate|rotates|rotating|spin|spins|spinning|turn|turns|turning|camera)"
                           r"\s+(?:slowly\s+)?(?:all\s+)?around\b")
SKY_BODY_WORDS = frozenset(("sun", "suns", "moon", "moons", "태양", "태양이", "해", "해가", "달", "달이"))
# a 360 photo's wording, never an object: "alien desert, full sphere"
MEDIUM_PHRASES = re.compile(r"\b(?:full|whole|360|complete)[ -]sphere\b|\bphoto ?sphere\b|\bequirect(?:angular)?\b")


MAX_OBJECTS = 50  # objects one model, picture or clip places


@dataclass
class ObjectRequest:
    """One kind of object to place, ``count`` times. ``kind`` is None for an unknown noun."""

    kind: str | None
    noun: str
    count: int = 1
    count_given: bool = False
    colour: str | None = None
    material: str | None = None
    scale: Scale = (1.0, 1.0, 1.0)
    size_words: list[str] = field(default_factory=list)
    dimensions: dict[str, float] = field(default_factory=dict)  # height/width/length/depth/size -> metres
    substitute_for: str | None = None  # the unknown noun this kind stands in for ("kitten" for cat)
    furnishing: bool = False  # added by the place the prompt names, not named itself
    varied: bool = False  # "in 4 colours": each copy gets its own colour
    palette: tuple[str, ...] = ()  # "potions, red blue and green": the copies take these colours in turn
    traits: dict[str, str | None] = field(default_factory=dict)  # a figure's: female, cape/beard -> colour
    weathering: str | None = None  # "rusty" | "mossy" | "bloody": what happened to its surfaces
    part_colours: dict[str, str] = field(default_factory=dict)  # part name -> colour ("a house with a red roof")

    @property
    def fallback(self) -> bool:
        return self.kind is None


@dataclass
class Relation:
    """"``subject`` stands ``relation`` ``anchor``": indices into :attr:`ParsedPrompt.objects`.

    ``anchor`` is None for the free arrangements ("in_row", "around" with nothing in the middle).
    """

    subject: int
    relation: str
    anchor: int | None = None


@dataclass
class ParsedPrompt:
    """Everything the composer needs from the text."""

    objects: list[ObjectRequest]
    style: str = "normal"  # normal | low_poly | high_poly | greybox
    language: str = "en"
    ignored: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # nouns no kind is close to: nothing was built for them
    substitutions: list[dict] = field(default_factory=list)  # {"word", "kind", "score"}: nearest kinds used

    @property
    def total(self) -> int:
        return sum(item.count for item in self.objects)


@dataclass
class _Token:
    word: str  # the form looked up (particles removed)
    tag: str  # noun colour material weathering either size style count counter sep prep purpose stop unknown
    value: object = None
    flag: str = ""  # what a Korean particle said: and, made_of, of, place
    post_nominal: bool = False  # a Korean count after its noun
    particle: str = ""  # the Korean particle stripped off the word ("를" in "소나무를")


@dataclass
class _Modifiers:
    count: int | None = None
    colour: str | None = None
    material: str | None = None
    scale: Scale = (1.0, 1.0, 1.0)
    size_words: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    dimensions: dict[str, float] = field(default_factory=dict)
    weathering: str | None = None

    def empty(self) -> bool:
        return (self.count is None and not self.colour and not self.material and not self.size_words
                and not self.dimensions and not self.weathering)


@lru_cache(maxsize=1)
def _nouns() -> dict[str, str]:
    return word_index()


@lru_cache(maxsize=1)
def _multiword_places() -> tuple[str, ...]:
    """Place names of several words that are not object words ("space station", "throne room")."""
    return tuple(sorted((word for word in PLACE_INDEX if " " in word and word not in _nouns()), key=len, reverse=True))


def parse_prompt(text: str, *, style: str | None = None, encoder: TextEncoder | None = None) -> ParsedPrompt:
    """Parse ``text`` (and an optional ``style`` phrase) into object requests and their relations.

    May return no request at all (a prompt of scene words, or of nouns no kind is close to: see
    ``unmatched``). Unknown nouns are matched with ``encoder`` (default: :func:`tools.nearest.text_encoder`).
    Sizes are returned as written (even negative or absurd ones); the caller decides what to refuse.
    """
    walk = _Walk(ParsedPrompt(objects=[], language=detect_language(text)), _tokenize(text), encoder)
    for index, token in enumerate(walk.tokens):
        walk.read(index, token)
    return walk.finish(style)


@dataclass
class _Walk:
    """One left-to-right reading of a prompt's tokens: the words waiting for the next object (``pending``) and
    the phrase the reader is in; :meth:`finish` settles relations, surfaces, held things and kinds."""

    parsed: ParsedPrompt
    tokens: list[_Token]
    encoder: TextEncoder | None
    pending: _Modifiers = field(default_factory=_Modifiers)
    relations: _Relations = field(init=False)
    in_place_phrase: bool = False  # after "in"/"on"/"~에": unknown words describe a place, not an object
    in_purpose_phrase: bool = False  # after "for": nothing until the next separator is an object
    after_object: bool = False  # the last content word made an object (for "the tree 3 m tall", "오두막 옆에")
    pair_next: bool = False  # after "양옆에": the next object comes as a pair
    with_owner: str | None = None  # the kind just before "with": its own parts named after it are not objects
    compound_from: int | None = None  # the token that made the last object (a noun right after it may be its head)
    chain: list[int] = field(default_factory=list)  # the objects of the last list ("찻주전자와 머그잔"), for a relation they all share
    join_next: bool = False  # the next object continues that list
    surface_with: tuple[int, int] | None = None  # "a table with ...": the table, and where its list starts
    holds: list[tuple[int, bool]] = field(default_factory=list)  # where a holding word came (objects named before it), and if Korean
    part_colour_next: tuple[tuple[str, ...], str] | None = None  # "빨간 지붕 달린 …": the roof's colour, owner to come
    part_awaits_colour: tuple[tuple[str, ...], int] | None = None  # "지붕은 …": the colour to come is the roof's

    def __post_init__(self) -> None:
        self.relations = _Relations(self.parsed)

    def _closed(self) -> _Modifiers:
        return _close_unknown_words(self.parsed, self.pending, self.encoder)

    def read(self, index: int, token: _Token) -> None:
        """Take one token (``index`` in ``tokens``)."""
        if token.tag == "either":
            token = _resolve_either(token, self.tokens[index + 1:])
        if self.in_purpose_phrase and token.tag not in ("sep", "stop"):
            self.parsed.ignored.append(token.word)
        elif token.tag == "purpose":
            self.in_purpose_phrase = True
        elif token.tag == "style":
            self.parsed.style = str(token.value)
        elif token.tag == "count" and index and self.tokens[index - 1].tag == "part":
            self.parsed.ignored.append(token.word)  # "돛 세 개": the sails' count, not the ship's
        elif token.tag == "stop" and token.word in WEARING_WORDS and self.after_object and len(self.parsed.objects) == \
                self.relations.count_safe_last():
            self._worn(token)
        elif token.tag == "hold":
            self.holds.append((len(self.parsed.objects), token.flag == "ko"))
            self.after_object = False
        elif token.tag == "surface" and self.parsed.objects:
            # "rusty orange paint", "빨간 도색": the words before the paint are the main object's surface
            main = self.parsed.objects[0]
            main.colour = self.pending.colour or main.colour
            main.weathering = self.pending.weathering or main.weathering
            self.parsed.ignored.extend([*self.pending.unknown, token.word])
            self.pending = _Modifiers()
        elif token.tag == "part":
            self._part(token)
        elif token.tag == "count":
            last = self.parsed.objects[-1] if self.parsed.objects else None
            if token.post_nominal and last is not None and not last.count_given and self.pending.empty():
                last.count, last.count_given = int(token.value), True  # type: ignore[arg-type]
            else:
                self.pending.count = int(token.value)  # type: ignore[arg-type]
                self.after_object = False
        elif token.tag == "colour" and self.part_awaits_colour is not None:
            names, owner_index = self.part_awaits_colour
            self.parsed.objects[owner_index].part_colours.update(dict.fromkeys(names, str(token.value)))
            self.part_awaits_colour = None
        elif token.tag == "colour":
            self.pending.colour, self.after_object = str(token.value), False
        elif token.tag == "material":
            self.pending.material, self.after_object = str(token.value), False
        elif token.tag == "weathering":
            self.pending.weathering, self.after_object = str(token.value), False
        elif token.tag == "size":
            sx, sy, sz = token.value  # type: ignore[misc]
            self.pending.scale = (self.pending.scale[0] * sx, self.pending.scale[1] * sy, self.pending.scale[2] * sz)
            self.pending.size_words.append(token.word)
            self.after_object = False
        elif token.tag == "dim":
            axis = token.flag or "size"
            if self.after_object and self.parsed.objects and self.pending.empty():
                self.parsed.objects[-1].dimensions[axis] = float(token.value)  # type: ignore[arg-type]
            else:
                self.pending.dimensions[axis] = float(token.value)  # type: ignore[arg-type]
        elif token.tag == "noun" and self.with_owner is not None and token.word in OWN_PARTS.get(self.with_owner, ()):
            self.parsed.ignored.append(token.word)  # "an airship with brass propellers": built as the airship's own
            self.pending = _Modifiers()
        elif token.tag == "noun" and self.compound_from == index - 1 and token.word in GENERIC_HEADS and self.parsed.objects:
            self.parsed.ignored.append(token.word)  # "a church building", "성당 건물": the church itself
        elif token.tag == "noun" and self.compound_from == index - 1 and self.parsed.objects \
                and self.parsed.objects[-1].kind in FOOD_KINDS and token.value in SERVING_KINDS:
            self.parsed.ignored.append(token.word)  # "떡볶이 접시": the dish the food comes on (it brings its own)
        elif token.tag == "noun" and self.compound_from == index - 1 and _compound_head(self.tokens[index - 1], token) \
                and self.parsed.objects and self.pending.empty() and not self.pending.unknown \
                and not (index + 1 < len(self.tokens) and self.tokens[index + 1].word in ATTACHED_WORDS):
            self._compound(index, token)
        elif token.tag == "noun":
            self._noun(index, token)
        elif token.tag == "rel":
            self._relation(index, token)
        elif token.tag == "prep":
            self.in_place_phrase = True
        elif token.tag == "setting":
            self._setting(index, token)
        elif token.tag == "unknown":
            self._unknown(token)
        self._after(token)

    def _worn(self, token: _Token) -> None:
        """A thing named just before a wearing word ("은색 갑옷 입은 기사") is worn, not built."""
        worn = self.parsed.objects.pop()
        wearer = next((item for item in self.parsed.objects if item.kind in ROLE_KINDS or _is_species(item.kind)), None)
        if token.word in WORN_BEFORE and wearer is not None:
            # "해골 기사, 녹슨 갑옷 입고": the figure already named wears it
            wearer.colour = wearer.colour or worn.colour
            wearer.material = wearer.material or worn.material
            wearer.weathering = wearer.weathering or worn.weathering
        else:
            self.pending.colour = self.pending.colour or worn.colour  # "은색 갑옷 입은 기사": a silver knight
            self.pending.material = self.pending.material or worn.material
            self.pending.weathering = self.pending.weathering or worn.weathering
        self.parsed.ignored.append(worn.noun)
        self.after_object = False

    def _part(self, token: _Token) -> None:
        """A part word ("지붕", "a red roof"): its colour goes to its owner, its count is not the owner's."""
        self.parsed.ignored.append(token.word)
        names = PART_NAMES.get(token.word)
        if HANGUL_SYLLABLE.search(token.word):
            self.pending.count = None  # "빨간 지붕 달린 집": the colour is the house's, a count is the roof's
            if names and self.pending.colour:
                self.part_colour_next = (names, self.pending.colour)  # …and the roof's own, on the owner named next
            elif names and token.particle in ("은", "는", "이", "가") and self.parsed.objects:
                self.part_awaits_colour = (names, len(self.parsed.objects) - 1)  # "풍차, 지붕은 빨간색"
        else:
            if names and self.pending.colour and self.parsed.objects:  # "a house with a red roof", "with orange stripes"
                owner = self.parsed.objects[-1]
                owner.part_colours.update(dict.fromkeys(names, self.pending.colour))
            self.pending = _Modifiers()  # "a cart with two wheels", "with orange stripes": the part's words

    def _compound(self, index: int, token: _Token) -> None:
        """A noun right after an object names what kind of thing it is: one object, the head."""
        # "여관 간판", "기사 투구", "a goblin totem", "a castle tower": the noun before names what kind of
        # thing the last one is (or whose), so one object is built, the head, with the first noun's words
        modifier = self.parsed.objects.pop()
        self.parsed.ignored.append(modifier.noun)
        head = _request(str(token.value), token.word, _modifiers_of(modifier), plural=token.flag == "plural")
        if _is_species(modifier.kind) and head.kind in ROLE_KINDS:
            head.kind = modifier.kind  # "고블린 궁수", "an orc warrior": a goblin who is an archer (the role's noun kept)
        self.parsed.objects.append(head)  # at the same index: relations that named the modifier now name the head
        self.compound_from = index

    def _noun(self, index: int, token: _Token) -> None:
        """A noun: a new object with the pending words, or one named again."""
        self.parsed.ignored.extend(self.pending.unknown)
        earlier = _mentioned_again(self.parsed, token, self.tokens[index - 1] if index else None, self.relations)
        self.compound_from = index if earlier is None else None
        if earlier is None:
            self.parsed.objects.append(_request(str(token.value), token.word, self.pending, plural=token.flag == "plural"))
            earlier = len(self.parsed.objects) - 1
        self.relations.object_added(earlier)
        if self.part_colour_next is not None:
            self.parsed.objects[earlier].part_colours.update(dict.fromkeys(self.part_colour_next[0], self.part_colour_next[1]))
            self.part_colour_next = None
        self.chain = [*self.chain, earlier] if self.join_next else [earlier]
        self.join_next = token.flag == "and"
        if self.pair_next and not self.parsed.objects[earlier].count_given:
            self.parsed.objects[earlier].count = 2
        self.pair_next = False
        self.pending, self.in_place_phrase, self.after_object = _Modifiers(), False, True

    def _relation(self, index: int, token: _Token) -> None:
        """A place word ("next to", "위에"): a relation to the last object, or a place not built."""
        self.pending = self._closed()
        if token.flag == "both" and self.after_object and not self.parsed.objects[-1].count_given:
            self.parsed.objects[-1].count = 2  # "torches on both sides of the gate"
        self.pair_next = token.flag == "ko_both"  # "성문 양옆에 횃불": a torch each side
        if not self.relations.start(str(token.value), korean=token.flag.startswith("ko"), after_object=self.after_object,
                                    rest=self.tokens[index + 1:], prefix=token.flag == "prefix", last=token.flag == "last",
                                    chain=self.chain if token.flag == "ko_placed" else None):
            self.in_place_phrase = True  # "on the floor": a place we do not build, not a relation
        self.after_object = False

    def _setting(self, index: int, token: _Token) -> None:
        """A setting word ("desert", "강"): the words before it describe it, not a thing."""
        # "a winding river", "구불구불한 강": unknown words just before a setting word describe it, not a thing
        if index and self.tokens[index - 1].tag == "colour":
            self.pending.colour = None  # "pink sand dunes", "붉은 사막": the ground's colour, not the next object's
        if token.word in SKY_BODY_WORDS:
            self.pending.count = None  # "two suns": the sky's, not the next object's
        self.parsed.ignored.extend(self.pending.unknown)
        self.pending.unknown = []
        self.pending = self._closed()
        self.after_object = False

    def _unknown(self, token: _Token) -> None:
        """A word no kind knows: a part of the "with" owner, a place word, or pending for the next noun."""
        self.after_object = False
        if self.with_owner is not None and token.word in OWN_PARTS.get(self.with_owner, ()):
            self.parsed.ignored.append(token.word)
            self.pending = _Modifiers()  # "a chest with iron bands": the iron is the bands', not the chest's
        elif self.in_place_phrase or token.flag == "place":
            self.parsed.ignored.append(token.word)
        else:
            self.pending.unknown.append(token.word)

    def _after(self, token: _Token) -> None:
        """What every token does last: separators close the pending words and the phrase, a list goes on."""
        if token.tag == "sep" and not self.pending.unknown and not self.pending.empty() and self.pending.count is None \
                and not self.pending.dimensions and self.parsed.objects:
            _apply_leftovers(self.parsed.objects[-1], self.pending)  # "a bike, matte black with ...": black is the bike's
            self.pending = _Modifiers()
        if token.flag == "and" and HANGUL_SYLLABLE.search(token.word) and self.parsed.objects:
            self.relations.share_with_next(len(self.parsed.objects) - 1)  # "책상 위에 촛불 두 개랑 마법서": both on the desk
        if token.tag == "sep" and token.word in (",", "and"):
            self.join_next = True
        if token.tag == "sep" and token.word == "with" and self.parsed.objects:
            self.with_owner = self.parsed.objects[-1].kind  # kept until another object is named
            if self.surface_with is None and self.with_owner in SURFACE_KINDS:
                self.surface_with = (len(self.parsed.objects) - 1, len(self.parsed.objects))
        elif token.tag == "noun" and self.after_object:
            self.with_owner = None
        if token.tag == "sep" or token.flag == "and":
            self.pending = self._closed()
            self.in_place_phrase = self.in_purpose_phrase = self.after_object = False


    def finish(self, style: str | None) -> ParsedPrompt:
        """The parse, once every token is read (``style``: the explicit style argument)."""
        self.pending = self._closed()
        if not self.pending.empty() and self.parsed.objects:
            _apply_leftovers(self.parsed.objects[-1], self.pending)  # "a table, red": trailing words still count
        self.parsed.relations = self.relations.finish()
        if self.surface_with is not None:
            _set_on_the_surface(self.parsed, *self.surface_with)
        # "식탁 위에 김치찌개랑 밥, 반찬": the list goes on past the comma; the small things that follow the last one set
        # on a surface, with no place of their own, stand on it too
        for relation in [r for r in self.parsed.relations if r.relation == "on_top" and r.anchor is not None]:
            anchor = relation.anchor
            if self.parsed.objects[anchor].kind in SURFACE_KINDS and relation.subject > anchor:  # type: ignore[index]
                last = max(r.subject for r in self.parsed.relations if r.anchor == anchor and r.relation == "on_top")
                if relation.subject == last:
                    _set_on_the_surface(self.parsed, anchor, last + 1)  # type: ignore[arg-type]
        _put_in_hand(self.parsed, self.holds)
        _settle_kinds(self.parsed)
        self.parsed.style = parse_style(style) or self.parsed.style  # the explicit style argument beats prompt words
        return self.parsed


# Families a figure can hold one of in its hand
HELD_CATEGORIES = frozenset(("weapons", "props", "containers", "vegetation"))


def _put_in_hand(parsed: ParsedPrompt, holds: list[tuple[int, bool]]) -> None:
    """"a knight holding a sword", "부러진 검 들고 있는 해골": the thing named after the English word (before the
    Korean one) is in the hand of the figure the prompt names, scaled down to fit a small one (a hamster's carrot)."""
    from tools.scene.objects import OBJECT_KINDS, natural_size

    placed = {r.subject for r in parsed.relations if r.anchor is not None}
    for before, korean in holds:
        held = before - 1 if korean else before
        if not 0 <= held < len(parsed.objects):
            continue
        item = parsed.objects[held]
        figures = [i for i, other in enumerate(parsed.objects) if i != held and other.kind is not None
                   and (other.kind in ROLE_KINDS or _is_species(other.kind))]
        # "Character concept: a mechanic holding a wrench": the mechanic holds it, not the word "character"
        # (dropped later with the relations on it)
        holder = next((i for i in figures if parsed.objects[i].noun not in CHARACTER_WORDS), figures[0] if figures
                      else None)
        if holder is None or item.kind is None or OBJECT_KINDS[item.kind].category not in HELD_CATEGORIES:
            continue
        if held in placed:
            # "a goblin wielding an axe next to a barrel": the place words after the held thing are the figure's
            own = next(i for i, r in enumerate(parsed.relations) if r.subject == held and r.anchor is not None)
            if holder in placed or parsed.relations[own].anchor == holder:
                continue
            moved = parsed.relations.pop(own)
            parsed.relations.append(Relation(holder, moved.relation, moved.anchor))
            placed.add(holder)
        parsed.relations.append(Relation(held, "held", holder))
        placed.add(held)
        _fit_to(item, parsed.objects[holder], height_share=0.6)


def _fit_to(item: ObjectRequest, figure: ObjectRequest, *, height_share: float = 0.6,
            width_share: float | None = None) -> None:
    """Scale ``item`` down (never up) so it is at most ``height_share`` of ``figure``'s height (and
    ``width_share`` of its width): a carrot in a hamster's paws, a straw hat on its head."""
    from tools.scene.objects import natural_size

    if item.dimensions or item.kind is None or figure.kind is None:
        return
    width, height, depth = natural_size(item.kind)
    f_width, f_height, f_depth = (a * b for a, b in zip(natural_size(figure.kind), figure.scale))
    factor = min(1.0, height_share * f_height / max(height * item.scale[1], 1e-6))
    if width_share is not None:
        factor = min(factor, width_share * min(f_width, f_depth) / max(max(width, depth) * item.scale[0], 1e-6))
    if factor < 1.0:
        item.scale = tuple(s * factor for s in item.scale)  # type: ignore[assignment]


def _set_on_the_surface(parsed: ParsedPrompt, surface: int, start: int) -> None:
    """"a kitchen table with a teapot, two mugs and a spellbook": the small things listed after "with" stand on
    the table (each that has no place of its own); the list ends at the first thing too big to go on it."""
    placed = {r.subject for r in parsed.relations if r.anchor is not None}
    kind = parsed.objects[surface].kind
    for index in range(start, len(parsed.objects)):
        item = parsed.objects[index]
        if item.kind is None or not fits_on(item.kind, kind):  # type: ignore[arg-type]
            break
        if index not in placed:
            parsed.relations.append(Relation(index, "on_top", surface))


# "은색 갑옷 입은 여기사": the noun before these is what the next one wears, not an object beside it
# "자판기 네온사인 달린 거": the noun before "달린" is attached to the one before it, no compound with it
ATTACHED_WORDS = frozenset(("달린", "달려있는", "달려", "붙은", "붙어있는", "장착된", "박힌"))
WEARING_WORDS = frozenset(("입은", "입고", "걸친", "착용한", "걸치고", "착용하고"))
# Words for holding: English names the held thing after them ("a knight holding a sword"), Korean before them
# ("부러진 검 들고 있는 해골", "당근 들고 있는 거")
HOLDING_WORDS_EN = frozenset(("holding", "holds", "wielding", "wields", "carrying", "carries", "brandishing",
                              "gripping", "clutching"))
HOLDING_WORDS_KO = frozenset(("들고", "든", "쥔", "쥐고", "들고있는", "쥐고있는", "움켜쥔", "휘두르는", "휘두르고"))
# "…, 녹슨 갑옷 입고": the connective form follows its wearer (who was named before), unlike "입은 기사"
WORN_BEFORE = frozenset(("입고", "걸치고", "착용하고"))
# A surface's own words, never an object: what is written before them is the main object's finish
SURFACE_WORDS = frozenset(("paint", "paintwork", "paintjob", "livery", "도색", "페인트"))
# "a penguin character", "귀여운 펭귄 캐릭터": the word says the creature is a character, not a second figure
CHARACTER_WORDS = frozenset(("character", "characters", "mascot", "캐릭터", "마스코트"))


def _settle_kinds(parsed: ParsedPrompt) -> None:
    """Readings that need the whole prompt: a wooden box is a crate; "character" after a named creature
    is that creature, not another figure."""
    for item in parsed.objects:
        if item.kind == "box" and item.material == "wood":
            item.kind, item.material = "crate", None
    kinds = {item.kind for item in parsed.objects}
    # "아치 세 개가 있는 돌다리", "프로펠러 달린 비행선": Korean names an owned part before its owner, which builds it
    anchors_only = {r.anchor for r in parsed.relations} - {r.subject for r in parsed.relations}
    # ("a mushroom house with a lantern in front of the door": the door named as a place is the house's own)
    parts = [i for i, item in enumerate(parsed.objects) if (HANGUL_SYLLABLE.search(item.noun) or i in anchors_only)
             and any(item.noun in OWN_PARTS.get(kind or "", ()) for kind in kinds)]
    for part in parts:  # "문 앞에 작은 랜턴": what stands by the owned part stands by its owner
        owner = next((i for i, item in enumerate(parsed.objects)
                      if parsed.objects[part].noun in OWN_PARTS.get(item.kind or "", ())), None)
        if owner is not None:
            parsed.relations = [Relation(r.subject, r.relation, owner if r.anchor == part else r.anchor)
                                for r in parsed.relations]
    _drop_objects(parsed, parts)
    _carry_their_tools(parsed)
    _wear_on_the_head(parsed)
    grounds = [i for i, item in enumerate(parsed.objects) if item.kind in GROUND_KINDS]
    if grounds:  # "나무 세 그루와 바위 두 개가 있는 작은 섬": what else is named stands on the island
        placed = {r.subject for r in parsed.relations}
        parsed.relations += [Relation(i, "on_top", grounds[0]) for i, item in enumerate(parsed.objects)
                             if i not in placed and i not in grounds and item.kind is not None]
    # "character" is the figure itself unless another figure is named ("a fox character", "Character: a mechanic");
    # "a character holding a sword" keeps its figure
    others = [item for item in parsed.objects if item.noun not in CHARACTER_WORDS and item.kind is not None
              and (item.kind in ROLE_KINDS or _is_species(item.kind))]
    if others:
        _drop_objects(parsed, [i for i, item in enumerate(parsed.objects) if item.noun in CHARACTER_WORDS])


# Figures named by what they do carry its tool ("an elf archer" has a bow, "대장장이" a hammer) unless it is named
CARRIED_BY: dict[str, str] = {
    **dict.fromkeys(("archer", "archers", "bowman", "ranger", "hunter", "궁수", "사냥꾼", "명사수"), "bow"),
    **dict.fromkeys(("blacksmith", "smith", "대장장이"), "hammer"),
    **dict.fromkeys(("lumberjack", "woodcutter", "나무꾼"), "axe"),
    **dict.fromkeys(("spearman", "lancer", "창병"), "spear"),
}


# Things a figure wears on its head when named with one ("a princess with a silver crown", "왕관을 쓴 왕")
HEADWEAR_KINDS = frozenset(("crown", "helmet", "hat"))


def _wear_on_the_head(parsed: ParsedPrompt) -> None:
    figure = next((i for i, item in enumerate(parsed.objects) if item.kind in ROLE_KINDS or _is_species(item.kind)),
                  None)
    if figure is None:
        return
    placed = {r.subject for r in parsed.relations}
    for index, item in enumerate(parsed.objects):
        if item.kind in HEADWEAR_KINDS and item.count == 1 and index not in placed:
            parsed.relations.append(Relation(index, "on_top", figure))
            _fit_to(item, parsed.objects[figure], height_share=0.5, width_share=0.9)  # a hat as wide as its head


def _carry_their_tools(parsed: ParsedPrompt) -> None:
    kinds = {item.kind for item in parsed.objects}
    for index, item in enumerate(list(parsed.objects)):
        tool = CARRIED_BY.get(item.noun) or CARRIED_BY.get(item.noun.split()[-1])  # "skeleton archer", "해골 궁수"
        if tool is None or tool in kinds or item.kind is None:
            continue
        parsed.objects.append(ObjectRequest(kind=tool, noun=tool, count=item.count))
        parsed.relations.append(Relation(len(parsed.objects) - 1, "next_to", index))
        kinds.add(tool)


def _drop_objects(parsed: ParsedPrompt, drop: list[int]) -> None:
    """Remove the requests at ``drop`` (their words go to ``ignored``) and re-index the relations of the rest."""
    if not drop:
        return
    parsed.ignored.extend(parsed.objects[i].noun for i in drop)
    keep = [i for i in range(len(parsed.objects)) if i not in drop]
    index = {old: new for new, old in enumerate(keep)}
    parsed.objects = [parsed.objects[i] for i in keep]
    parsed.relations = [Relation(index[r.subject], r.relation, None if r.anchor is None else index[r.anchor])
                        for r in parsed.relations if r.subject in index and (r.anchor is None or r.anchor in index)]


# A role ("archer", "warrior", "wizard") after a species ("goblin", "skeleton") is what that creature does
ROLE_KINDS = frozenset(("humanoid", "knight", "wizard"))


def _is_species(kind: str | None) -> bool:
    from tools.scene.objects import OBJECT_KINDS

    return kind is not None and kind not in ROLE_KINDS and OBJECT_KINDS[kind].category in ("characters", "creatures")


# Kinds that are the ground others stand on when named with them ("a palm tree on a small island")
GROUND_KINDS = frozenset(("island", "floating_island"))
# Heads that only say "a thing of that kind" ("감옥 건물", "a dragon character"): the noun before them is the object
GENERIC_HEADS = frozenset(("building", "buildings", "structure", "건물", "건축물", "구조물",
                           # "a coin pickup", "a health heart pickup": a game's collectible of that kind, no truck
                           "pickup", "pickups", "pick-up", "pick-ups"))


def _compound_head(first: _Token, head: _Token) -> bool:
    """True when ``head`` right after the noun ``first`` (no particle, comma or "and" between) is the head of a
    compound noun: Korean and English put the head last ("고블린 토템", "knight helmet")."""
    if head.word in CHARACTER_WORDS or head.word in GENERIC_HEADS:
        return False
    if head.flag == "plural" and first.flag == "plural":
        return False
    if first.value in FOOD_KINDS and head.value in FOOD_KINDS:
        return False  # "김치찌개랑 밥 반찬": dishes listed side by side, never one dish of the other
    if HANGUL_SYLLABLE.search(first.word):
        # "기사의 투구" too; "소나무를 오두막 옆에" is two things, and so is "등대 파도가 부딪히고" (a clause's subject
        # starts after a comma a planner may have dropped)
        return first.particle in ("", "의") and head.particle in ("", "을", "를", "은", "는", "도", "의", "로", "으로") \
            and not _subject_form(head.word) and not first.word.endswith(("마다", "씩", "별로"))  # "기둥마다 횃불"
    return first.flag == ""


def _subject_form(word: str) -> bool:
    """A kind word that is a noun with its subject particle ("파도가" among the wave's words)."""
    return word[-1:] in ("이", "가") and _nouns().get(word[:-1]) == _nouns().get(word)


def _modifiers_of(item: ObjectRequest) -> _Modifiers:
    """The words written on the first noun of a compound, passed to its head ("빨간 여관 간판" is a red sign)."""
    return _Modifiers(count=item.count if item.count_given else None, colour=item.colour, material=item.material,
                      scale=item.scale, size_words=list(item.size_words), dimensions=dict(item.dimensions),
                      weathering=item.weathering)


def _mentioned_again(parsed: ParsedPrompt, token: _Token, previous: _Token | None,
                     relations: "_Relations") -> int | None:
    """"... and a lamp on the table": "the table" as an anchor is the table already asked for."""
    if previous is None or previous.word not in ("the", "that", "this") or not relations.awaiting_anchor():
        return None
    for index in range(len(parsed.objects) - 1, -1, -1):
        if parsed.objects[index].kind == token.value:
            return index
    return None


@dataclass
class _OpenRelation:
    relation: str
    subject: int | None = None
    anchor: int | None = None
    awaiting: str | None = None  # "anchor", "subject" or None when complete


class _Relations:
    """Pairs relation words with the objects around them, in English and Korean word order.

    English puts the subject first and the anchor after the phrase ("a tree next to a cabin");
    Korean puts the anchor first, its postposition, then the subject ("오두막 옆에 소나무"), or the
    subject first with its object particle ("소나무를 오두막 옆에").
    """

    def __init__(self, parsed: ParsedPrompt) -> None:
        self.parsed = parsed
        self.open: list[_OpenRelation] = []
        self.carry: tuple[str, int] | None = None  # a Korean "A 위에 B랑 C": C shares B's relation to A

    def share_with_next(self, subject: int) -> None:
        """The object after this "랑/와/하고" stands where ``subject`` stands (same relation, same anchor)."""
        done = [item for item in self.open if item.awaiting is None and item.subject == subject
                and item.anchor is not None and item.relation not in FREE_RELATIONS]
        self.carry = (done[-1].relation, done[-1].anchor) if done else None  # type: ignore[assignment]

    def start(self, relation: str, *, korean: bool, after_object: bool, rest: list[_Token],
              prefix: bool = False, last: bool = False, chain: list[int] | None = None) -> bool:
        """Open a relation; False when the words do not make one (the caller reads a place phrase).

        ``chain``: the objects just listed, all of them the subject of a relation whose anchor comes next
        ("찻주전자와 머그잔이 놓인 식탁")."""
        if chain is not None:
            if not after_object or not chain:
                return False
            self.open += [_OpenRelation(relation, subject, None, "anchor") for subject in chain]
            return True
        on_last = last
        last = len(self.parsed.objects) - 1 if self.parsed.objects else None  # type: ignore[assignment]
        if on_last:  # "an anvil with a hammer resting on top": the last thing on the one named before it
            if last is None or last < 1:
                return False
            self.open.append(_OpenRelation(relation, last, last - 1, None))
            return True
        if prefix:  # "a row of five barrels": the next object is the subject
            self.open.append(_OpenRelation(relation, None, None, "subject"))
            return True
        if relation in ("in_row", "scattered", "stacked") and not korean:  # "five barrels in a row": what came before
            self.open.append(_OpenRelation(relation, last, None, None if last is not None else "subject"))
            return True
        if korean:
            if relation in ("in_row", "scattered", "stacked") or (relation == "around" and not after_object):
                subject = last if after_object else None
                self.open.append(_OpenRelation(relation, subject, None, None if subject is not None else "subject"))
                return True
            if not after_object or last is None:
                return False
            self.open.append(_OpenRelation(relation, None, last, "subject"))
            return True
        following = _next_content(rest)
        if following is not None and following.word in PRONOUNS:
            if last is not None and last >= 1:  # "a table with four chairs around it"
                self.open.append(_OpenRelation(relation, last, last - 1, None))
                return True
            return False
        if following is not None and following.tag in ("noun", "either"):
            self.open.append(_OpenRelation(relation, last, None, "anchor"))
            return True
        if relation in FREE_RELATIONS:
            self.open.append(_OpenRelation(relation, last, None, None if last is not None else "subject"))
            return True
        return False

    def count_safe_last(self) -> int:
        """The object count at which the last object may be taken back (no relation points at it), else -1."""
        last = len(self.parsed.objects) - 1
        if any(last in (item.subject, item.anchor) for item in self.open):
            return -1
        return len(self.parsed.objects)

    def _may_share(self, relation: str, index: int) -> bool:
        """Only small things go on top of something along with another ("탁자 위에 램프랑 책", not "...랑 의자")."""
        if relation != "on_top":
            return True
        from tools.scene.objects import OBJECT_KINDS

        kind = self.parsed.objects[index].kind
        return kind is not None and OBJECT_KINDS[kind].category in ("props", "containers", "weapons")

    def awaiting_anchor(self) -> bool:
        return any(item.awaiting == "anchor" for item in self.open)

    def object_added(self, index: int) -> None:
        carry, self.carry = self.carry, None
        if carry is not None and index != carry[1] and self._may_share(carry[0], index):
            self.open.append(_OpenRelation(carry[0], index, carry[1], None))
            return
        for item in self.open:
            if item.awaiting == "anchor":
                item.anchor = index
                item.awaiting = "subject" if item.subject is None else None
            elif item.awaiting == "subject" and index != item.anchor:
                item.subject, item.awaiting = index, None

    def finish(self) -> list[Relation]:
        done: list[Relation] = []
        for item in self.open:
            if item.awaiting == "subject" and item.anchor is not None and item.anchor >= 1:
                item.subject, item.awaiting = item.anchor - 1, None  # "소나무를 오두막 옆에"
            if item.awaiting is not None or item.subject is None or item.subject == item.anchor:
                continue
            if item.anchor is None and item.relation not in FREE_RELATIONS:
                continue
            if item.relation == "stacked" and self.parsed.objects[item.subject].count < 2:
                continue  # "눈 쌓인 오두막": snow piled on one cabin, nothing of it to stack
            done.append(Relation(subject=item.subject, relation=item.relation, anchor=item.anchor))
        return done


def _next_content(rest: list[_Token]) -> _Token | None:
    """The next word that could name an object (skipping articles, adjectives, counts)."""
    for token in rest:
        if token.word in PRONOUNS:
            return token
        if token.tag in ("colour", "size", "style", "material", "weathering", "count", "dim", "stop", "axis", "unknown",
                         "setting"):
            continue  # "by a tavern door": a place word before the noun only says which door  # "around a round oak table": an adjective we do not know still comes before the noun
        return token
    return None


def parse_style(text: str | None) -> str | None:
    """The style a phrase names ("low poly", "greybox", "detailed"), or None if it names none we know."""
    found = [token.value for token in _tokenize(text or "") if token.tag == "style"]
    return str(found[-1]) if found else None


def with_count(parsed: ParsedPrompt, count: int) -> ParsedPrompt:
    """Apply an explicit ``count`` argument (from a planner) when it is more than one.

    With one object kind the argument wins. With several ("a table and chairs") it goes to the
    last kind whose count the text did not give; counts written in the text are kept.
    """
    if count <= 1:
        return parsed
    if len(parsed.objects) == 1:
        parsed.objects[0].count, parsed.objects[0].count_given = count, True
        return parsed
    for item in reversed(parsed.objects):
        if not item.count_given:
            item.count, item.count_given = count, True
            break
    return parsed


# -- internals -----------------------------------------------------------------------------------


def _request(kind: str | None, noun: str, mods: _Modifiers, *, plural: bool = False) -> ObjectRequest:
    count = mods.count if mods.count is not None else (2 if plural else 1)
    return ObjectRequest(
        kind=kind, noun=noun, count=count, count_given=mods.count is not None, colour=mods.colour,
        material=mods.material, scale=mods.scale, size_words=list(mods.size_words),
        dimensions=dict(mods.dimensions), weathering=mods.weathering,
    )


def _close_unknown_words(parsed: ParsedPrompt, pending: _Modifiers, encoder: TextEncoder | None) -> _Modifiers:
    """Unknown words not followed by a known noun: their head noun becomes the nearest kind when
    one is close enough, else it is reported unmatched; the other words were modifiers."""
    if not pending.unknown:
        return pending
    from tools.scene.nouns import resolve

    words = pending.unknown[-4:]
    parsed.ignored.extend(pending.unknown[:-4])
    found = resolve(words, encoder=encoder)
    parsed.ignored.extend(found.modifiers)
    if found.head is None:
        return _Modifiers()
    if found.match is None:
        parsed.unmatched.append(found.head)
        return _Modifiers()
    request = _request(found.match.name, found.head, pending)
    request.substitute_for = found.head
    parsed.objects.append(request)
    parsed.substitutions.append({"word": found.head, "kind": found.match.name, "score": found.match.score})
    return _Modifiers()


def _apply_leftovers(target: ObjectRequest, mods: _Modifiers) -> None:
    target.colour = target.colour or mods.colour
    target.material = target.material or mods.material
    target.weathering = target.weathering or mods.weathering
    if mods.count is not None and not target.count_given:
        target.count, target.count_given = mods.count, True
    if mods.size_words:
        target.scale = tuple(a * b for a, b in zip(target.scale, mods.scale))  # type: ignore[assignment]
        target.size_words.extend(mods.size_words)
    for axis, metres in mods.dimensions.items():
        target.dimensions.setdefault(axis, metres)


def _resolve_either(token: _Token, rest: list[_Token]) -> _Token:
    """"나무 탁자" -> wood material; "나무" / "나무와 바위" / "a stone" -> the object itself."""
    if token.flag == "made_of":
        return _Token(token.word, "material", MATERIAL_OR_OBJECT[token.word])
    if any(nxt.word in MATERIAL_TALK for nxt in rest[:3]):
        # "투석기, 나무랑 밧줄 재질 살려서": wood is what the thing named is made of, not a tree beside it
        return _Token(token.word, "material", MATERIAL_OR_OBJECT[token.word])
    if len(rest) >= 2 and rest[0].tag == "sep" and rest[1].tag == "material":
        return _Token(token.word, "material", MATERIAL_OR_OBJECT[token.word])  # "나무, 철, 금 속성": a list of materials
    if token.flag != "and":
        for nxt in rest:
            if nxt.tag in ("count", "counter"):
                break  # "나무 세 그루와 바위": a count right after it counts the trees themselves
            if nxt.tag in ("colour", "size", "style", "stop", "material"):
                continue
            if nxt.tag in ("noun", "either"):
                return _Token(token.word, "material", MATERIAL_OR_OBJECT[token.word])
            break
    return _Token(token.word, "noun", _nouns()[token.word], flag=token.flag)


def _tokenize(text: str) -> list[_Token]:
    lowered = text.lower().replace("low poly", "low-poly").replace("high poly", "high-poly")
    lowered = re.sub(r"\bhand[ -](?:painted|drawn)\b", "hand-painted", lowered)  # a look, not a hand
    lowered = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", lowered)  # "10,000 chairs" is one number
    lowered = DRONE_CAMERA.sub(" dronshot ", lowered)  # "a drone shot over …": the camera, not a drone to build
    lowered = WELL_ADVERB.sub(" ", lowered)  # "so it reads well from a top-down camera": no well to build
    lowered = re.sub(r"\bschool(s?)\b(?!\s+of\b)", r"schoolhouse\1", lowered)  # a school; "a school of fish" is six
    # "떡볶이 두 접시", "라면 세 그릇", "피자 한 판": servings count the food (the dish is the food's own)
    lowered = re.sub(r"(?<![\w])(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|\d+)\s*(?:접시|그릇|판|인분|공기|사발)(?![\w])",
                     r"\1 개", lowered)
    # a clip's length or frame rate is not a count: "5 seconds", "30fps", "10초짜리"
    lowered = re.sub(r"(?<![\w.])\d+(?:\.\d+)?\s*(?:seconds?|secs?|sec|s|minutes?|mins?|fps|frames?|초짜리|초|분)"
                     r"(?![a-z])", " ", lowered)
    lowered = DIMENSION.sub(lambda m: f" dim_{float(m[1]) * UNITS[m[2]]:g} ", lowered)
    lowered = re.sub(r"한\s+줄", "한줄", lowered)
    # a shade before a colour is that colour ("light blue, big eyes" lost its blue to the unknown "light")
    lowered = re.sub(r"(?<![\w-])(?:light|pale|sky|baby|ice|icy)[ -]blue(?![\w-])", "cyan", lowered)
    lowered = re.sub(r"(?:아이스|스카이|베이비|파스텔|라이트)\s*블루", "하늘색", lowered)  # "아이스 블루로": ice blue
    lowered = re.sub(r"(?:다크|차콜|건메탈)\s*(?:그레이|회색)", "차콜", lowered)
    lowered = re.sub(r"(?<![\w-])dark[ -]blue(?![\w-])", "navy", lowered)
    lowered = re.sub(r"(?<![\w-])(?:dark|deep)[ -]gr[ae]y(?![\w-])", "charcoal", lowered)
    lowered = re.sub(r"(?<![\w-])(" + "|".join(map(re.escape, SHADE_WORDS)) + r")[ -](gr[ae]y|red|green|blue|black|"
                     r"white|pink|yellow|orange|purple|brown)(?![\w-])",
                     lambda m: "charcoal" if m[1] in _DARK_GREYS and m[2].startswith("gr") else m[2], lowered)
    lowered = re.sub(r"(?<![\w-])(?:light|pale|dark|bright|deep|pastel|neon|연한|진한|밝은|어두운|짙은)[ -]?(?=(?:"
                     + "|".join(sorted(map(re.escape, COLOUR_WORDS), key=len, reverse=True)) + r")(?![\w-]))",
                     "", lowered)
    lowered = re.sub(r"이끼가?\s*(낀|긴|덮인)", r"이끼\1", lowered).replace("이끼긴", "이끼낀")  # "이끼 낀 돌": mossy
    lowered = re.sub(r"녹이\s*슨", "녹이슨", lowered)
    lowered = re.sub(r"(?<![\w-])(?:northern|southern)\s+lights?(?![\w-])", "aurora", lowered)  # the sky's, no lamp
    lowered = re.sub(r"폐허가\s*(?:된|되어\s*버린|되어버린)", "폐허가된", lowered)  # "폐허가 된 역": ruined, no ruin in it
    lowered = re.sub(r"피가?\s*(묻은|묻힌)", r"피\1", lowered)  # "피 묻은 인형": a bloody doll
    lowered = MEDIUM_PHRASES.sub(" ", lowered)
    # "a slow orbit around a crystal on a pedestal": the camera goes round, nothing stands around anything
    lowered = CAMERA_AROUND.sub(" ", lowered)
    # "a mansion's front door": the door is the mansion's (its own part when it builds one), not a thing on it
    lowered = re.sub(r"(?<=[a-z])['’]s(?![\w])", " with", lowered)
    for phrase in _multiword_places():  # "space station", "throne room": one setting word each
        lowered = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", " setting_" + phrase.replace(" ", "_") + " ",
                         lowered)
    for phrase, relation in ENGLISH_RELATIONS:
        lowered = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", f" rel_{relation} ", lowered)
    words = re.sub(r"[,;:!?()\"“”'‘’/]+|\.(?!\d)", " , ", lowered).split()
    tokens: list[_Token] = []
    index = 0
    while index < len(words):
        word = words[index]
        if index + 1 < len(words) and not HANGUL_SYLLABLE.search(word):
            pair = _english_token(f"{word} {words[index + 1]}")  # "dining table", "pine trees"
            if pair.tag == "noun":
                tokens.append(pair)
                index += 2
                continue
        if index + 1 < len(words) and HANGUL_SYLLABLE.search(word) and HANGUL_SYLLABLE.search(words[index + 1]):
            pair = _korean_tokens(f"{word} {words[index + 1]}")  # "버섯 집", "보석 상자": one kind of two words
            if len(pair) == 1 and pair[0].tag == "noun":
                tokens.extend(pair)
                index += 2
                continue
        if HANGUL_SYLLABLE.search(word):
            tokens.extend(_korean_tokens(word))
        else:
            tokens.append(_english_token(word))
        index += 1
    _mark_korean_counts(tokens)
    _attach_axes(tokens)
    return tokens


def _attach_axes(tokens: list[_Token]) -> None:
    """"3 m tall" and "높이 3미터": the axis word names which size the number is; drop it after."""
    kept: list[_Token] = []
    for index, token in enumerate(tokens):
        previous = kept[-1] if kept else None
        if token.tag == "size" and previous is not None and previous.tag == "dim" and token.word in AXIS_AFTER:
            previous.flag = AXIS_AFTER[token.word]
            continue
        if token.tag == "dim" and previous is not None and previous.tag == "axis":
            token.flag = str(previous.value)
            kept[-1] = token
            continue
        kept.append(token)
    tokens[:] = [token for token in kept if token.tag != "axis"]


def _lookup(word: str) -> _Token | None:
    """The tag of a word with nothing stripped, or None."""
    if word == "rel_both_sides":  # "torches on both sides of the gate": a pair beside it
        return _Token(word, "rel", "flanking", flag="both")
    if word == "rel_on_top_last":  # "a hammer resting on top": on the thing named before it
        return _Token(word, "rel", "on_top", flag="last")
    if word.startswith("rel_") and word[4:] in RELATIONS:
        return _Token(word, "rel", word[4:])
    if word.startswith("rel_") and word[4:] in PREFIX_RELATIONS:
        return _Token(word, "rel", PREFIX_RELATIONS[word[4:]], flag="prefix")
    if word.startswith("dim_"):
        try:
            return _Token(word, "dim", float(word[4:]))
        except ValueError:
            return None
    if word.startswith("setting_"):
        return _Token(word, "setting")
    if word in KOREAN_RELATIONS:
        return _Token(word, "rel", KOREAN_RELATIONS[word],
                      flag="ko_both" if word in BOTH_SIDES_KO else "ko_placed" if word in PLACED_ON_KO else "ko")
    if word in AXIS_BEFORE:
        return _Token(word, "axis", AXIS_BEFORE[word])
    if word in SEPARATORS:
        return _Token(word, "sep")
    if word in SURFACE_WORDS:
        return _Token(word, "surface")
    if word in HOLDING_WORDS_EN or word in HOLDING_WORDS_KO:
        return _Token(word, "hold", flag="ko" if word in HOLDING_WORDS_KO else "")
    if word in STOP_WORDS:
        return _Token(word, "stop")
    if word in STYLE_WORDS:
        return _Token(word, "style", STYLE_WORDS[word])
    if word in MATERIAL_OR_OBJECT:
        return _Token(word, "either")
    if word in COLOUR_WORDS:
        return _Token(word, "colour", COLOUR_WORDS[word])
    if word in MATERIAL_WORDS:
        return _Token(word, "material", MATERIAL_WORDS[word])
    if word in WEATHERING_WORDS:
        return _Token(word, "weathering", WEATHERING_WORDS[word])
    if word in SIZE_WORDS:
        return _Token(word, "size", SIZE_WORDS[word])
    if word in _nouns():
        return _Token(word, "noun", _nouns()[word])
    if word in PART_WORDS:
        return _Token(word, "part")
    if word in NUMBER_WORDS:
        return _Token(word, "count", NUMBER_WORDS[word])
    if word.isdecimal():
        # "0 chairs" cannot be built; read it as no count rather than an empty model
        return _Token(word, "count", int(word)) if int(word) > 0 else _Token(word, "stop")
    if word in COUNTERS:
        return _Token(word, "counter")
    return None


def _english_token(word: str) -> _Token:
    found = _lookup(word)
    if found is not None:
        return found
    if word in PREPOSITIONS:
        return _Token(word, "prep")
    if word in PURPOSE_WORDS:
        return _Token(word, "purpose")
    singular = _singular(word)
    if singular is not None:
        return _Token(singular, "noun", _nouns()[singular], flag="plural")
    if is_setting_word(word):
        return _Token(word, "setting")
    return _Token(word, "unknown")


def _singular(word: str) -> str | None:
    """The known noun that the English plural ``word`` is a form of, if any."""
    for cut, add in (("ies", "y"), ("ves", "f"), ("es", ""), ("s", "")):
        if word.endswith(cut) and word[: -len(cut)] + add in _nouns():
            return word[: -len(cut)] + add
    return None


def _korean_tokens(word: str) -> list[_Token]:
    found = _lookup(word)
    if found is not None:
        return [found]
    counted = _korean_count(word)
    if counted is not None:
        return counted
    if word in KOREAN_COUNTED:
        return [_Token(word, "stop")]  # "세" means three only before a counter; alone, "네" is "yes"
    for ending in sorted(KOREAN_RELATIONS, key=len, reverse=True):
        stem = word[: -len(ending)]
        if word.endswith(ending) and stem:
            inner = _lookup(stem)
            if inner is not None and inner.tag in ("noun", "either"):
                return [inner, _Token(ending, "rel", KOREAN_RELATIONS[ending], flag="ko")]  # "오두막옆에"
    for particle, flag in PARTICLES:
        stem = word[: -len(particle)]
        if not stem or not word.endswith(particle):
            continue
        inner = _lookup(stem) or (_korean_count(stem) or [None])[-1]
        if inner is not None:
            inner.flag = inner.flag or flag
            inner.particle = particle
            if inner.tag == "noun" and particle.startswith("들"):
                inner.flag = "and" if flag == "and" else "plural"
            return [inner]
    if word.startswith("만들") or word.endswith(KOREAN_VERB_ENDINGS):
        return [_Token(word, "stop")]
    if is_setting_word(word) or any(word.endswith(p) and is_setting_word(word[: -len(p)])
                                    for p in ("에서", "에", "의", "속의", "속에", "속", "으로", "로", "을", "를", "이", "가")):
        return [_Token(word, "setting")]
    if word.endswith("는") and len(word) > 1:
        return [_Token(word, "stop")]  # "성문을 지키는", "숲을 달리는": a verb before its noun, never a thing to build
    for particle, flag in PARTICLES:
        if particle in SAFE_PARTICLES and word.endswith(particle) and len(word) > len(particle) + 1:
            return [_Token(word[: -len(particle)], "unknown", flag=flag)]
    return [_Token(word, "unknown")]


def _korean_count(word: str) -> list[_Token] | None:
    """"3개", "세개", "세개의", "두그루" -> a count (with a flag when "의" makes it pre-nominal)."""
    match = re.fullmatch(rf"(\d+|[{HANGUL_SYLLABLES}]+?)(" + "|".join(COUNTERS) + r")(의)?", word)
    if not match:
        return None
    number, _, of = match.groups()
    value = int(number) if number.isdecimal() else NUMBERS_BEFORE_COUNTER.get(number)
    if value is None:
        return None
    if value == 0:
        return [_Token(word, "stop")]  # "0개" cannot be built; read it as no count
    return [_Token(word, "count", value, flag="of" if of else "")]


def _mark_korean_counts(tokens: list[_Token]) -> None:
    """Join "세" + "개" and decide whether a Korean count follows its noun or precedes one."""
    joined: list[_Token] = []
    for token in tokens:
        previous = joined[-1] if joined else None
        if token.tag == "counter" and previous is not None and previous.word in NUMBERS_BEFORE_COUNTER:
            value = NUMBERS_BEFORE_COUNTER[previous.word]
            joined[-1] = _Token(previous.word + token.word, "count", value, flag=token.flag)
        elif token.tag == "counter" and previous is not None and previous.tag == "count":
            previous.flag = token.flag or previous.flag  # "3 개의"
        elif token.tag == "counter":
            joined.append(_Token(token.word, "stop", flag=token.flag))
        else:
            joined.append(token)
    tokens[:] = joined
    if not any(HANGUL_SYLLABLE.search(token.word) for token in tokens):
        return  # English counts always come before their noun
    for index, token in enumerate(tokens):
        if token.tag != "count":
            continue
        # after a noun and not "N개의": it counts that noun ("의자 세 개", "탁자 하나와")
        before = [t for t in tokens[:index] if t.tag not in ("stop",)]
        token.post_nominal = token.flag != "of" and bool(before) and before[-1].tag in ("noun", "either")
        if token.flag != "of" and before and before[-1].tag == "setting" and before[-1].word in SKY_BODY_WORDS:
            token.tag = "stop"  # "태양이 두 개 뜬 사막": the suns' count, not the next thing's
