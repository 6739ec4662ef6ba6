"""The setting of a scene: the place, inside or outside, time of day, weather, ground, landscape
features and mood, read from the words of a prompt (English and Korean).

A named place ("a tavern", "선술집", "a forest campsite") also brings what such a place holds
when the prompt does not list its contents: :data:`PLACES` gives each place its furnishing as
short phrases in the scene language itself, parsed like any prompt, so a tavern gets tables,
stools, barrels, a fireplace and lamps, and a campsite a tent and a campfire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from agent.text import HANGUL_SYLLABLE

TIME_WORDS: dict[str, str] = {
    **dict.fromkeys(("sunset", "sundown", "dusk", "evening", "twilight", "golden", "노을", "석양", "저녁", "황혼",
                     "해질녘", "노을빛"), "sunset"),
    **dict.fromkeys(("sunrise", "dawn", "morning", "daybreak", "새벽", "아침", "일출", "해돋이"), "dawn"),
    **dict.fromkeys(("night", "midnight", "moon", "moonlit", "moonlight", "starry", "stars", "nighttime", "밤", "야경",
                     "달", "달밤", "별", "한밤", "한밤중", "밤하늘", "심야"), "night"),
    **dict.fromkeys(("overcast", "cloudy", "rain", "rainy", "storm", "stormy", "fog", "foggy", "misty", "gloomy",
                     "흐린", "비", "안개", "폭풍", "비오는", "비내리는", "폭우", "뇌우", "thunderstorm", "번개", "천둥"),
                    "overcast"),
    **dict.fromkeys(("day", "noon", "sunny", "daytime", "bright", "afternoon", "낮", "맑은", "화창한", "한낮", "오후"),
                    "day"),
}
WEATHER_WORDS: dict[str, str] = {
    **dict.fromkeys(("rain", "rainy", "raining", "비", "비오는", "비내리는", "폭우", "빗속"), "rain"),
    **dict.fromkeys(("storm", "stormy", "thunder", "thunderstorm", "lightning", "폭풍", "천둥", "번개", "폭풍우", "뇌우"),
                    "storm"),
    **dict.fromkeys(("fog", "foggy", "misty", "mist", "haze", "안개", "안개낀", "자욱한"), "fog"),
    **dict.fromkeys(("snowing", "snowfall", "blizzard", "snowflakes", "snowflake", "snowstorm", "눈보라", "눈오는",
                     "눈내리는", "눈송이", "함박눈", "폭설"), "snow"),
    **dict.fromkeys(("sunny", "clear", "맑은", "화창한"), "clear"),
    **dict.fromkeys(("sandstorm", "sandstorms", "duststorm", "dust storm", "모래폭풍", "모래바람", "황사", "먼지폭풍",
                     "모래폭풍이"), "sandstorm"),
}
# Falling snow written as a phrase ("snow falling", "눈이 내리는"): weather, not just a snowy ground
SNOWING_PHRASES = ("falling snow", "snow falling", "snow is falling", "it snows", "it's snowing", "snow falls",
                   "눈이 내리", "눈 내리", "눈이 오", "눈 오는", "눈이 펑펑", "눈발")
# Sunset or dawn written as a phrase ("해 질 녘", "해가 지는", "as the sun sets"): the words alone are not time words
TIME_PHRASES: dict[str, str] = {
    **dict.fromkeys(("해 질", "해질 녘", "질 녘", "질녘", "해가 지", "해 지는", "해지는", "sun sets", "sun setting", "setting sun",
                     "sun goes down"), "sunset"),
    **dict.fromkeys(("해 뜰", "해가 뜨", "해 뜨는", "해뜨는", "sun rises", "rising sun", "sun rising"), "dawn"),
}
MOON_WORDS = frozenset(("moon", "moons", "달", "달이", "달들", "위성들", "두달"))
# A place said to be dark outdoors, with no hour named, is dark because it is night (a grey day sky read as bright):
# "a campfire in a dark forest", "어두운 숲"
DARK_PHRASES = ("dark forest", "dark woods", "dark wood", "dark jungle", "dark swamp", "dark alley", "dark street",
                "dark sky", "in the dark", "pitch black", "pitch-black", "어두운 숲", "어두운 밤", "어두운 골목", "어두운 거리",
                "어두운 하늘", "깜깜한", "캄캄한")
# The words of those phrases: where and when, never things to build ("해가" is the sun going down, "녘" its hour)
SUN_WORDS = ("해가", "녘", "해질", "해지는", "해뜨는", "sun", "suns", "sunlight", "moons", "태양", "태양이", "태양들", "해", "river", "rivers", "stream", "creek", "강",
             "강물", "개울", "시냇물", "냇물", "골짜기", "산골짜기", "질")
RIVER_WORDS = frozenset(("river", "rivers", "stream", "streams", "creek", "brook", "riverside", "riverbank", "강", "강물",
                         "개울", "시냇물", "냇물", "시내", "하천", "계곡물", "강가", "강변"))
# Under water: the world seen through water (teal light, short sight, a sandy floor)
UNDERWATER_WORDS = ("underwater", "undersea", "beneath the waves", "under the sea", "under water", "sunken", "drowned",
                    "submerged", "seabed", "sea floor", "ocean floor", "수중", "물속", "바닷속", "해저", "물밑", "가라앉은",
                    "수몰된")
# The open sky: an outdoor scene whatever else is said ("just the sky around", "하늘만")
SKY_WORDS = ("sky", "skies", "clouds", "cloud", "하늘", "구름", "하늘만", "밤하늘", "노을하늘")
SETTING_WORDS: dict[str, str] = {
    **dict.fromkeys(("space", "galaxy", "nebula", "cosmos", "outer", "orbital", "우주", "은하", "성운", "은하수"),
                    "space"),
    **dict.fromkeys(("interior", "room", "indoor", "indoors", "inside", "hall", "studio", "living", "방", "실내",
                     "내부"), "interior"),
}
GROUND_WORDS: dict[str, str] = {
    **dict.fromkeys(("desert", "dune", "dunes", "sand", "sandy", "sahara", "사막", "모래", "sandstorm", "모래폭풍",
                     "oasis", "오아시스"), "sand"),
    **dict.fromkeys(("beach", "coast", "shore", "seaside", "island", "해변", "바닷가", "해안", "섬", "백사장"), "beach"),
    **dict.fromkeys(("snow", "snowy", "winter", "ice", "icy", "arctic", "frozen", "glacier", "tundra", "눈", "겨울",
                     "설원", "눈덮인", "얼음", "설산", "빙하", "설경", "snowscape"), "snow"),
    # a river runs through a landscape; it does not flood the whole ground
    **dict.fromkeys(("ocean", "sea", "lake", "water", "underwater", "바다", "호수", "대양", "waves", "해상", "바다위",
                     "wave", "surf", "파도", "파도가", "swamp", "marsh", "늪", "늪지대", "습지"), "water"),
    **dict.fromkeys(("rocky", "canyon", "volcano", "volcanic", "cliff", "mars", "바위산", "협곡", "화산", "절벽"),
                    "rock"),
    **dict.fromkeys(("meadow", "field", "grass", "grassy", "garden", "park", "countryside", "farm", "prairie",
                     "초원", "들판", "정원", "공원", "잔디", "농장", "시골"), "grass"),
    **dict.fromkeys(("city", "town", "street", "downtown", "urban", "skyline", "village", "도시", "거리", "마을",
                     "시내", "골목", "도심", "시가지"), "pavement"),
}
FEATURE_WORDS: dict[str, str] = {
    **dict.fromkeys(("mountain", "mountains", "peak", "peaks", "alps", "alpine", "range", "산", "산맥", "봉우리",
                     "산속", "설산", "설산들", "산봉우리", "산악", "산골", "산골짜기"), "mountains"),
    **dict.fromkeys(("hill", "hills", "hilltop", "valley", "언덕", "구릉", "계곡"), "hills"),
    **dict.fromkeys(("forest", "forests", "woods", "woodland", "jungle", "trees", "pines", "grove", "숲", "정글",
                     "숲속", "나무들", "밀림", "산림"), "trees"),
    **dict.fromkeys(("city", "town", "skyline", "downtown", "urban", "buildings", "도시", "시내", "빌딩들",
                     "도심"), "city"),
    **dict.fromkeys(("desert", "dune", "dunes", "사막"), "dunes"),
    # steep, flat-topped rock walls standing close round the viewer, banded in layers
    **dict.fromkeys(("canyon", "canyons", "gorge", "ravine", "mesa", "mesas", "butte", "buttes", "협곡", "캐니언",
                     "그랜드캐니언", "골짜기"), "canyon"),
    # sky phenomena: drawn in the sky, never terrain
    **dict.fromkeys(("aurora", "auroras", "borealis", "australis", "오로라", "북극광", "극광"), "aurora"),
}
# a sea of cloud underfoot: "floating above the clouds", "구름 위에 떠 있는 섬", "운해"
ABOVE_CLOUDS = re.compile(r"(?:above|over|on\s+top\s+of)\s+(?:the\s+|a\s+sea\s+of\s+)?clouds|sea\s+of\s+clouds|"
                          r"cloud\s*sea|구름\s*(?:위|바다)|운해|floating\s+islands?|sky\s+islands?|하늘\s*섬|"
                          r"떠\s*있는\s*섬|공중\s*섬")
SKY_FEATURES = frozenset(("aurora",))  # features of the sky: they leave the default far mountains in place
MOOD_WORDS: dict[str, str] = {
    **dict.fromkeys(("futuristic", "sci-fi", "scifi", "cyberpunk", "neon", "high-tech", "space-age", "미래적인",
                     "미래", "미래도시", "사이버펑크", "네온", "sf"), "futuristic"),
    **dict.fromkeys(("medieval", "fantasy", "castle-like", "중세", "중세풍", "판타지"), "medieval"),
    **dict.fromkeys(("cozy", "cosy", "warm", "homely", "아늑한", "포근한", "따뜻한", "아늑"), "cozy"),
    **dict.fromkeys(("spooky", "haunted", "creepy", "dark", "eerie", "horror", "grim", "grimdark", "bleak", "으스스한", "음산한", "귀신",
                     "어두운", "공포", "공포게임", "호러", "폐병원", "폐건물", "흉가"), "spooky"),
    **dict.fromkeys(("dim", "dimly", "dimly-lit", "dim-lit", "darkened", "unlit", "어둑한", "어둑어둑한", "컴컴한",
                     "어두컴컴한", "희미한"), "dim"),
    **dict.fromkeys(("ancient", "ruined", "old", "abandoned", "고대", "낡은", "오래된", "버려진", "폐허가된"), "ancient"),
    **dict.fromkeys(("modern", "contemporary", "minimal", "현대", "현대적인", "모던한"), "modern"),
    **dict.fromkeys(("peaceful", "calm", "serene", "quiet", "평화로운", "고요한", "조용한"), "calm"),
}


@dataclass(frozen=True)
class Place:
    """A kind of place: inside or out, the room's finish or the outdoor ground, and what it holds."""

    name: str
    words: tuple[str, ...]
    interior: bool
    furnishing: tuple[str, ...] = ()  # phrases in the scene language, parsed like a prompt
    room: str = "plaster"  # interior finish: wood | stone | metal | plaster
    ground: str | None = None
    features: tuple[str, ...] = ()
    core: int = 0  # the first furnishing phrases that make it that place: added however much else the prompt names


PLACES: tuple[Place, ...] = (
    Place("tavern", ("tavern", "inn", "pub", "bar", "saloon", "alehouse", "술집", "선술집", "여관", "주점", "주막",
                     "펍", "객잔", "주막집"), True,
          ("a table with four stools around it and two mugs on the table", "a fireplace", "three barrels in a row",
           "a counter", "a chandelier", "a lantern"), room="wood"),
    Place("bedroom", ("bedroom", "bed room", "hotel room", "dorm room", "침실", "방안", "안방", "호텔 방", "호텔방", "기숙사"),
          True,
          ("a bed", "a nightstand", "a lamp", "a wardrobe", "a rug"), room="plaster"),
    Place("living_room", ("living room", "lounge", "sitting room", "거실", "응접실"), True,
          ("a sofa", "a rug", "a table", "a tv", "a bookshelf", "a potted plant", "a lamp"), room="plaster"),
    Place("kitchen", ("kitchen", "부엌", "주방"), True,
          ("a table with four chairs around it", "a stove", "a fridge", "a counter", "a potted plant"), room="plaster"),
    Place("library", ("library", "study", "archive", "도서관", "서재", "서고"), True,
          ("three bookshelves in a row", "a table with two chairs", "a lamp", "a globe", "a rug"), room="wood"),
    Place("office", ("office", "workplace", "사무실", "오피스"), True,
          ("a table", "a chair", "a computer", "a bookshelf", "a potted plant", "a clock"), room="plaster"),
    Place("classroom", ("classroom", "school room", "교실", "강의실"), True,
          ("four tables in a row", "four chairs in a row", "a clock", "a globe"), room="plaster"),
    Place("throne_room", ("throne room", "great hall", "royal hall", "castle hall", "banquet hall", "feast hall",
                          "왕좌의 방", "알현실", "대전", "왕실", "대전당", "연회장", "대연회장", "대강당"), True,
          ("a throne", "a rug", "four torches", "six columns in a row", "a chandelier", "a long table"),
          room="stone", core=4),
    Place("subway_station", ("subway station", "metro station", "underground station", "train station",
                             "railway station", "subway", "metro", "train platform", "지하철역", "지하철", "기차역",
                             "전철역", "승강장", "플랫폼"), True,
          ("a train", "four columns in a row", "three benches", "two street lamps", "a clock", "a trash can"),
          room="tile"),
    Place("swamp", ("swamp", "marsh", "bog", "wetland", "wetlands", "bayou", "fen", "늪", "늪지", "늪지대", "습지",
                    "습지대", "소택지"), False,
          ("six reeds scattered", "three dead trees", "two logs", "two rocks"), ground="water", features=("trees",)),
    Place("oasis", ("oasis", "desert oasis", "오아시스", "사막 오아시스"), False,
          ("a pond", "four palm trees around the pond", "two rocks", "a bush"), ground="sand",
          features=("dunes",)),
    Place("seashore", ("rocky shore", "rocky coast", "shoreline", "sea cliff", "바위 해안",
                       "해안가", "갯바위"), False,
          ("two waves", "three rocks"), ground="water"),
    Place("dungeon", ("dungeon", "crypt", "prison cell", "jail cell", "cell", "던전", "지하감옥", "감옥", "지하실", "지하묘지",
                      "dungeon corridor", "dungeon hallway", "dungeon passage", "stone corridor", "castle corridor",
                      "던전 복도", "지하 통로", "돌 복도"), True,
          ("two torches", "a chest", "three barrels", "a skeleton", "a crate", "a skull"), room="stone"),
    Place("space_station", ("space station", "spaceship interior", "starship interior", "space base",
                            "sci-fi corridor", "우주정거장",
                            "우주 정거장", "우주기지", "우주 기지", "우주선 복도", "우주선 내부"), True,
          ("two consoles", "a computer", "three crates in a row", "a robot"), room="metal"),
    # a pilot's seat before a wall of screens: seats side by side facing consoles, space (or sky) through the glass
    Place("cockpit", ("cockpit", "flight deck", "bridge deck", "spaceship cockpit", "spaceship bridge", "starship bridge",
                      "ship's bridge", "pilot seat", "pilot's seat", "조종석", "조종실", "우주선 조종실", "우주선 조종석",
                      "비행기 조종석", "비행기 조종실", "콕핏", "함교", "브릿지", "조종간"), True,
          ("three consoles in a row with two chairs in front of them", "a computer"), room="metal", core=1),
    # a concrete shelter underground: bare cast walls under strip lights, bunks, crates and a steel door
    Place("bunker", ("bunker", "underground bunker", "bomb shelter", "fallout shelter", "air raid shelter",
                     "nuclear bunker", "underground shelter", "shelter interior", "vault", "벙커", "지하 벙커", "지하벙커",
                     "방공호", "대피소", "지하 대피소", "지하대피소", "핵벙커", "핵 벙커", "지하 기지", "지하기지", "지하 시설"),
          True, ("two bunk beds", "a table with two chairs", "three crates in a row", "two barrels", "a computer",
                 "a door"), room="concrete", core=1),
    Place("warehouse", ("warehouse", "storehouse", "storage room", "stockroom", "depot", "창고", "물류창고", "저장고",
                        "창고 내부", "보관실"), True,
          ("five crates in a row", "three barrels in a row", "two bookshelves", "four boxes scattered"),
          room="concrete"),
    Place("museum", ("museum", "art gallery", "gallery", "exhibition hall", "exhibit hall", "박물관", "미술관", "전시관",
                     "전시실", "갤러리"), True,
          ("three statues in a row", "two pedestals", "four picture frames", "a bench"), room="plaster"),
    Place("ship_cabin", ("ship cabin", "ship's cabin", "captain's cabin", "captain's quarters", "ship's hold",
                         "below deck", "pirate ship interior", "ship interior", "선실", "선장실", "배 안", "갑판 아래", "해적선 내부"),
          True, ("a table with two chairs", "three barrels", "a chest", "a lantern", "a scroll"), room="wood"),
    Place("gym", ("gym", "gymnasium", "fitness center", "fitness centre", "boxing gym", "weight room", "체육관", "헬스장",
                  "헬스클럽", "피트니스", "복싱장", "체력단련실"), True,
          ("four dumbbells in a row", "two punching bags", "two benches", "a basketball"), room="concrete"),
    Place("mine", ("mine", "mineshaft", "mine shaft", "mine tunnel", "gold mine", "coal mine", "광산", "갱도", "탄광", "금광"),
          True, ("a mine cart", "two torches", "three rocks", "two crystals", "a pickaxe", "a lantern"), room="stone"),
    Place("garage", ("garage", "car garage", "auto shop", "workshop garage", "차고", "정비소", "카센터", "차고지"), True,
          ("a car", "a table", "two barrels", "a wrench", "three crates"), room="concrete", core=1),
    Place("noodle_shop", ("ramen shop interior", "noodle shop interior", "ramen shop", "noodle shop", "noodle bar", "ramen bar", "ramen restaurant", "snack bar",
                          "라멘 가게", "라멘집", "라면 가게", "라면집", "분식집", "국수집", "우동집", "떡볶이집", "포장마차"), True,
          ("a counter with three ramen bowls", "four stools in a row", "two paper lanterns", "a neon sign"),
          room="wood", core=1),
    # a bare corridor is a building's, not a space station's ("폐병원 복도" drew consoles and a robot)
    Place("hospital", ("hospital", "hospital corridor", "hospital ward", "ward", "clinic", "asylum", "infirmary",
                       "병원", "폐병원", "병원 복도", "병동", "병실", "정신병원", "의무실", "진료소"), True,
          ("three beds in a row", "two chairs", "a table", "a lamp", "a wardrobe"), room="plaster"),
    # a control room is a space station's room full of screens, not a corridor with crates
    Place("control_room", ("control room", "mission control", "command center", "command centre", "operations room",
                           "관제실", "통제실", "관제센터", "관제 센터", "지휘실", "상황실", "사령실"), True,
          ("five consoles in a row", "three computers", "four chairs", "a robot"), room="metal"),  # viewports: the room's
    Place("laboratory", ("laboratory", "lab", "research lab", "실험실", "연구소", "연구실"), True,
          ("a table", "a console", "a computer", "three bottles", "a robot"), room="metal"),
    Place("shop_interior", ("shop interior", "store interior", "general store", "item shop", "potion shop",
                            "상점 내부", "잡화점", "아이템샵", "물약가게"), True,
          ("a counter", "two bookshelves", "three crates", "a barrel", "three bottles"), room="wood"),
    Place("forge", ("forge", "smithy", "blacksmith's forge", "blacksmith shop", "workshop", "대장간", "공방", "작업장"), True,
          ("an anvil", "a fireplace", "a barrel", "a table", "a hammer", "a sword"), room="stone"),
    Place("chapel", ("church interior", "chapel interior", "cathedral interior", "성당 내부", "교회 내부", "예배당 내부"),
          True, ("four benches in a row", "a statue", "two candles", "a chandelier"), room="stone"),
    Place("wizard_room", ("wizard tower", "wizard's room", "magic room", "alchemy room", "마법사의 방", "마법사 탑",
                          "연금술 방", "wizard tower library", "마법사 도서관"), True,
          ("four bookshelves", "a table", "a cauldron", "a crystal", "a candle", "a staff"), room="stone"),
    Place("cafe", ("cafe", "café", "coffee shop", "restaurant", "diner", "카페", "커피숍", "식당", "레스토랑"), True,
          ("three tables", "six chairs", "a counter", "two potted plants", "a lamp"), room="wood"),
    # a Japanese hot-spring inn: a steaming pool ringed by rocks, low tables and paper lanterns, not a bar
    Place("onsen", ("onsen", "hot spring", "hot springs", "ryokan", "japanese inn", "bathhouse", "온천", "온천장",
                    "온천 여관", "온천여관", "료칸", "노천탕", "노천 온천", "일본식 여관"), True,
          ("a pond with five rocks around it", "three paper lanterns", "a low table", "two rugs"),
          room="shoji"),
    Place("arcade", ("arcade", "game arcade", "video arcade", "retro arcade", "arcade hall", "amusement arcade", "game center",
                     "game centre", "gaming arcade", "오락실", "게임센터", "게임 센터", "전자오락실", "아케이드 게임장"), True,
          ("five arcade cabinets in a row", "two neon signs", "a vending machine", "two stools"), room="metal", core=1),
    Place("bakery", ("bakery", "bake shop", "bakeshop", "patisserie", "pastry shop", "빵집", "베이커리", "제과점",
                     "빵가게", "제빵소"), True,
          ("a counter with three breads", "a table with two cakes", "two bookshelves", "a chalkboard sign",
           "two potted plants"), room="wood", core=2),
    Place("bathroom", ("bathroom", "bath room", "욕실", "화장실", "목욕탕"), True,
          ("a bathtub", "a mirror", "a rug", "a potted plant"), room="plaster"),
    Place("cabin_interior", ("cabin interior", "inside a cabin", "inside the cabin", "오두막 안", "오두막 내부",
                             "통나무집 내부"), True,
          ("a fireplace", "a table with two chairs", "a bed", "a rug", "a lantern"), room="wood"),
    Place("cave", ("cave", "cavern", "grotto", "동굴", "석굴"), True,
          ("three crystals", "three rocks", "a chest", "a torch"), room="stone"),
    Place("campsite", ("campsite", "camp", "camping site", "campground", "캠프장", "야영지", "캠핑장", "야영장", "캠핑"),
          False, ("a tent", "a campfire", "two logs", "a lantern"), ground="grass", features=("trees",)),
    Place("ruined_city", ("ruined city", "city ruins", "ruins of a city", "post-apocalyptic city", "destroyed city",
                          "abandoned city", "dead city", "폐허 도시", "폐허도시", "폐허가 된 도시", "무너진 도시", "버려진 도시",
                          "파괴된 도시", "폐도시"), False,
          ("four house blocks scattered", "two skyscrapers", "five rocks scattered", "two cars scattered",
           "a dead tree", "two columns"), ground="rock", features=("city",), core=2),
    Place("village", ("village", "hamlet", "마을", "시골마을", "촌락", "산골", "산골마을", "두메"), False,
          ("two houses", "a well", "a cart", "a fence", "a tree"), ground="grass", core=1),
    Place("market", ("market", "marketplace", "bazaar", "town square", "plaza", "시장", "장터", "광장", "야시장"), False,
          ("three market stalls", "a fountain", "two barrels", "a street lamp", "two paper lanterns"),
          ground="pavement", core=1),
    Place("rooftop", ("rooftop", "roof top", "rooftops", "roof of a skyscraper", "옥상", "빌딩 옥상", "건물 옥상"), False,
          ("three neon signs", "a fence", "two crates", "a barrel", "a street lamp"),
          ground="pavement", features=("city",)),
    Place("alley", ("alley", "alleyway", "back alley", "back street", "neon alley", "골목", "골목길", "뒷골목",
                    "뒷골목길", "골목길가"), False,
          ("four house blocks in a row", "three neon signs", "a street lamp", "a trash can", "two crates"),
          ground="pavement", features=("city",)),
    Place("city_street", ("street", "city street", "road", "downtown", "거리", "도로", "길거리"), False,
          ("two skyscrapers", "a street lamp", "a car", "a bench", "a trash can", "a fire hydrant"),
          ground="pavement", features=("city",)),
    Place("farm", ("farm", "farmyard", "ranch", "농장", "목장", "농가"), False,
          ("a barn", "a haystack", "a cow", "a fence", "a windmill"), ground="grass"),
    Place("graveyard", ("graveyard", "cemetery", "churchyard", "묘지", "공동묘지", "무덤가"), False,
          ("four gravestones", "a dead tree", "a fence", "a lantern"), ground="grass", core=1),
    Place("park", ("park", "공원"), False, ("two benches", "a fountain", "two trees", "a street lamp"), ground="grass"),
    Place("beach_resort", ("beach", "seaside", "해변", "바닷가", "해수욕장"), False,
          ("an umbrella", "a palm tree", "a boat"), ground="beach"),
    Place("harbour", ("harbour", "harbor", "port", "docks", "항구", "포구", "부두"), False,
          ("a pier", "a boat", "three barrels", "a lighthouse"), ground="water"),
    Place("zen_garden", ("zen garden", "rock garden", "japanese garden", "dry garden", "젠 가든", "젠가든", "일본식 정원",
                         "일본 정원", "선 정원", "석정"), False,
          ("five rocks scattered", "a cherry tree", "a pond", "a paper lantern", "a bush"), ground="sand",
          features=("trees",)),
    Place("battlefield", ("battlefield", "battle field", "battleground", "war zone", "warzone", "front line",
                          "전쟁터", "전장", "격전지", "싸움터"), False,
          ("five spears scattered", "three shields scattered", "two swords scattered", "a dead tree", "three rocks",
           "two skulls", "a flag"), ground="rock", features=("hills",)),
    Place("moon_base", ("moon base", "lunar base", "moon colony", "lunar colony", "on the moon", "lunar surface",
                        "moon surface", "달 기지", "달기지", "월면 기지", "달 표면", "월면"), False,
          ("two domes", "a rocket", "two crates", "a robot"), ground="moon"),
    Place("artist_loft", ("loft", "attic", "artist's loft", "artist loft", "art studio", "artist studio",
                          "painter's studio", "atelier", "다락방", "다락", "화실", "아틀리에", "작업실"), True,
          ("an easel", "a table with two chairs", "a bookshelf", "a rug", "a lamp", "two potted plants", "a window"),
          room="wood"),
    Place("garden", ("garden", "courtyard", "backyard", "정원", "뜰", "마당", "안뜰", "가든"), False,
          ("five flowers", "a bench", "a pond", "a bush"), ground="grass"),
    Place("outer_space", ("outer space", "deep space", "galaxy", "space", "우주", "은하", "심우주"), False,
          ("a planet",)),
)
PLACE_INDEX: dict[str, Place] = {word: place for place in PLACES for word in place.words}
# "the castle interior", "오두막 내부": a kind of building followed by one of these is the place inside it
INSIDE_WORDS = ("interior", "inside", "indoors", "indoor", "실내", "내부")
# "성당 안을 지나가는", "집 안에서": Korean puts "inside" after the building as a word of its own
KOREAN_INSIDE = re.compile(r"(\S+?)(?:의)?\s*(?:안|속|내부|안쪽)(?:에서|에|을|를|의|으로|은|는|이|가|까지)?(?=\s|$|[,.!?])")
# Vehicles whose cockpit is the place ("우주선 조종실"): the room inside them, not the vehicle seen from outside
COCKPIT_VEHICLES = frozenset(("spaceship", "airplane", "helicopter", "rocket", "fighter_jet", "airship", "train",
                              "tank", "car", "truck", "bus"))
INSIDE_OF: dict[str, str] = {"castle": "throne_room", "cabin": "cabin_interior", "house": "living_room",
                             "sailing_ship": "ship_cabin", "boat": "ship_cabin", "schoolhouse": "classroom",
                             "church": "chapel", "spaceship": "space_station", "shop": "shop_interior",
                             "tower": "wizard_room", "house_block": "tavern", "temple": "chapel",
                             "skyscraper": "office", "barn": "forge", "prison": "dungeon", "mansion": "living_room"}
PLACES_BY_NAME: dict[str, Place] = {place.name: place for place in PLACES}
# A room named with the building it is in ("우주 정거장 관제실", "the control room of a space station") is the place,
# whichever name is longer or comes first
ROOM_IN_BUILDING: dict[str, tuple[str, ...]] = {"control_room": ("space_station", "outer_space"),
                                                "onsen": ("tavern",), "throne_room": ("dungeon",)}


# How the picture is framed: an icon or avatar is one object on a plain backdrop, filling the frame;
# "in the sky" / "flying" lifts what can fly off the ground.
# Phrases that ask for the object alone on a plain backdrop, as an icon is
# "on a black background", "배경은 투명하게": a named backdrop colour, the object alone in front of it
BACKDROP_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:black|dark)\s+(?:background|backdrop|bg)|(?:background|backdrop)\s+(?:is\s+|in\s+)?black"
     r"|검은\s*배경|검정\s*배경|까만\s*배경|검은색\s*배경|배경[은는이을]?\s*(?:검은|검정|까맣|까만)", "black"),
    (r"white\s+(?:background|backdrop|bg)|background\s+(?:is\s+|in\s+)?white|흰\s*배경|하얀\s*배경|흰색\s*배경"
     r"|배경[은는이을]?\s*(?:흰|하얗|하얀)", "white"),
    (r"transparent\s+(?:background|backdrop|bg)|background\s+(?:is\s+)?transparent|투명\s*배경"
     r"|배경[은는이을]?\s*투명|(?:^|\s)투명하게(?:\s|$)", "transparent"),  # "…, 투명하게 해 주세요": the background
)
ISOLATED_PHRASES = ("transparent background", "white background", "plain background", "no background", "isolated",
                    "on its own", "cutout", "cut-out", "투명 배경", "투명배경", "흰 배경", "흰배경", "배경 없이", "배경없이",
                    "단색 배경")
# "top down view": the camera looks down from high above
OVERHEAD_PHRASES = ("top down", "top-down", "topdown", "overhead", "bird's eye", "bird's-eye", "birds eye", "aerial view",
                    "from above", "탑뷰", "탑 뷰", "위에서 본", "위에서 내려다", "부감", "조감")
# "side view", "정면", "뒷모습": which side of the subject faces the camera (a character sheet's views)
VIEW_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("front", re.compile(r"\bfront[- ]?(?:view|facing|on)\b|\bfrom the front\b|\bfacing (?:the )?(?:camera|viewer)\b|정면|앞모습")),
    ("side", re.compile(r"\bside[- ]?(?:view|on|profile)\b|\bin profile\b|\bfrom the side\b|측면|옆모습|옆에서 본")),
    ("back", re.compile(r"\b(?:back|rear)[- ]?view\b|\bfrom behind\b|뒷모습|후면|뒤에서 본")),
    ("isometric", re.compile(r"\bisometric\b|\biso view\b|아이소메트릭|아이소|쿼터뷰|쿼터 뷰")),
)
FRAMING_WORDS: dict[str, str] = {
    **dict.fromkeys(("icon", "icons", "avatar", "sticker", "emoji", "badge", "thumbnail", "아이콘", "아바타", "스티커",
                     "이모지", "뱃지", "썸네일", "프로필"), "icon"),
    **dict.fromkeys(("close-up", "closeup", "close", "macro", "클로즈업", "근접"), "close"),
    # a portrait or a character sheet shows the figure large, not a room with a figure in it
    **dict.fromkeys(("portrait", "portraits", "bust", "headshot", "full-body", "fullbody", "초상화", "초상", "전신",
                     "전신샷", "전신도", "흉상", "바스트샷"), "close"),
}
FLYING_WORDS = ("in the sky", "flying", "flies", "fly", "soaring", "in flight", "airborne", "하늘을 나는", "하늘에",
                "날아가는", "나는", "날고", "비행하는", "공중에")
FLIERS = {"dragon", "bird", "airplane", "helicopter", "spaceship", "butterfly", "hot_air_balloon", "ghost", "owl",
          "rocket", "duck"}


@dataclass
class Setting:
    """Where the scene is: what the environment renderer and the layout read."""

    place: str | None = None
    interior: bool = False
    space: bool = False
    time: str = "day"
    weather: str = "clear"
    ground: str | None = None
    features: tuple[str, ...] = ()
    mood: list[str] = field(default_factory=list)
    room: str = "plaster"
    framing: str | None = None  # "icon" (one object on a plain backdrop) or "close"
    flying: bool = False  # things that fly are up in the air
    underwater: bool = False  # seen through water
    sky_colour: str | None = None  # "stormy purple sky", "붉은 하늘": set by tools.scene.scene.parse_scene
    overhead: bool = False  # "top down view", "탑뷰": seen from high above
    view: str | None = None  # "front" | "side" | "back": the side of the subject the camera is asked to face
    backdrop: str | None = None  # "black" | "white" | "transparent": a named plain background
    suns: int = 1  # "two suns", "태양이 두 개": how many suns (or, at night, moons) hang in the sky
    moons: int = 0  # the bodies counted are moons ("two moons in the sky at dusk"): drawn whatever the hour
    ground_colour: str | None = None  # "pink sand dunes", "붉은 사막": the colour the ground is written in
    forest: str | None = None  # "a bamboo forest", "벚나무 숲": the kind the forest around is made of
    river: bool = False  # "a valley with a winding river", "강이 흐르는": a river winds across the ground
    words: list[str] = field(default_factory=list)  # the words that set it

    def meta(self) -> dict[str, Any]:
        where = "space" if self.space and not self.interior else ("interior" if self.interior else "exterior")
        return {"place": self.place, "where": where, "time": self.time, "weather": self.weather,
                "ground": self.ground or ("floor" if self.interior else "grass"), "features": list(self.features),
                "mood": list(self.mood), **({"room": self.room} if self.interior else {}),
                **({"framing": self.framing} if self.framing else {}), **({"flying": True} if self.flying else {}),
                **({"underwater": True} if self.underwater else {}),
                **({"sky_colour": self.sky_colour} if self.sky_colour else {}),
                **({"overhead": True} if self.overhead else {}),
                **({"view": self.view} if self.view else {}),
                **({"backdrop": self.backdrop} if self.backdrop else {}),
                **({"suns": self.suns} if self.suns != 1 else {}),
                **({"moons": self.moons} if self.moons else {}),
                **({"ground_colour": self.ground_colour} if self.ground_colour else {}),
                **({"forest": self.forest} if self.forest else {}),
                **({"river": True} if self.river else {})}


# "단추 눈 하나가 떨어진", "눈 한쪽": an eye, not snow
_KOREAN_EYE = re.compile(r"단추\s*눈|눈\s*(?=(?:하나|한쪽|한\s*개|두\s*개|알|동자|망울))")


def words_of(text: str) -> list[str]:
    """Lower-case words, with a Korean particle also stripped off as a second form."""
    words = re.findall(r"[\w'-]+", _KOREAN_EYE.sub("눈알 ", text.lower()))
    out = []
    for word in words:
        out.append(word)
        if HANGUL_SYLLABLE.search(word):
            for particle in ("에서의", "에서", "으로", "속의", "속에", "의", "에", "을", "를", "이", "가", "은", "는", "로",
                             "과", "와", "속"):
                if word.endswith(particle) and len(word) > len(particle):
                    out.append(word[: -len(particle)])
                    break
    return out


# After a place name these make it the name on a thing, not where the scene is
SIGN_WORDS = ("sign", "signs", "signboard", "logo", "emblem", "간판", "현판", "로고",
              # "감옥 건물", "a tavern building": the building seen from outside, not the room inside it
              "building", "건물", "exterior", "외관")


@lru_cache(maxsize=1)
def _place_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each place word (longest first) with its pattern, compiled once: there are more of them than
    the ``re`` module's cache holds, so compiling per call thrashed it (50 ms a prompt)."""
    signs = "|".join(SIGN_WORDS)
    return tuple((word, re.compile(rf"(?<![\w-]){re.escape(word)}(?:s|es)?(?:에서|에|의|은|는|을|를|이|가|로|으로|속)?(?![\w-])"
                                   rf"(?!\s*(?:{signs})(?![\w-]))"))  # "a potion shop sign" is a sign, not a shop
                 for word in sorted(PLACE_INDEX, key=len, reverse=True))


def place_phrases(text: str) -> list[tuple[str, Place]]:
    """Place names written in ``text`` (longest first), with the place each names."""
    lowered = " " + re.sub(r"\s+", " ", text.lower()) + " "
    found: list[tuple[str, Place]] = []
    for word, pattern in _place_patterns():
        if word in lowered and not any(word in longer for longer, _ in found) \
                and any(not _names_a_kind(word, lowered[m.end():]) for m in pattern.finditer(lowered)):
            found.append((word, PLACE_INDEX[word]))
    return found


def _names_a_kind(word: str, rest: str) -> bool:
    """Whether the place word and the word after it name an object kind ("street lamp", "castle gate")."""
    from tools.scene.objects import word_index

    following = rest.split(maxsplit=1)
    if not following:
        return False
    head = following[0].strip(",.")
    forms = (head, head[:-1] if head.endswith("s") else head, head[:-2] if head.endswith("es") else head)
    return any(f"{word} {form}" in _kind_words(word_index) for form in forms)  # "arcade cabinets" too


@lru_cache(maxsize=1)
def _kind_words(index: "object") -> frozenset[str]:
    return frozenset(index())  # type: ignore[operator]


def _korean_inside(text: str) -> bool:
    """"성당 안을", "집 안에서", "오두막 내부": inside written right after a building ("숲 속 오두막" is a cabin in a forest)."""
    from tools.scene.objects import word_index

    index = word_index()
    return any(index.get(match.group(1)) in INSIDE_OF for match in KOREAN_INSIDE.finditer(text.lower()))


@lru_cache(maxsize=1)
def _kind_phrases() -> tuple[str, ...]:
    """Kind names of several words with a setting word in them ("ice cream", "street lamp", "space suit"), longest
    first; creatures, plants and landforms keep theirs (a sea turtle is at sea, a bamboo grove is a forest), and so
    does a beach thing (a beach umbrella says where it stands)."""
    from tools.scene.objects import OBJECT_KINDS

    phrases = {word for kind in OBJECT_KINDS.values() if kind.category not in ("creatures", "vegetation", "terrain")
               for word in kind.words if " " in word and "beach" not in word
               and any(_setting_only(part) for part in word.split())}
    return tuple(sorted(phrases, key=len, reverse=True))


def _setting_only(word: str) -> bool:
    return word in TIME_WORDS or word in GROUND_WORDS or word in WEATHER_WORDS or word in SETTING_WORDS \
        or word in FEATURE_WORDS


def _without_kind_phrases(text: str) -> str:
    lowered = text.lower()
    for phrase in _kind_phrases():
        if phrase in lowered:
            lowered = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?:s|es)?(?![\w-])", " ", lowered)
    return lowered


def read_setting(text: str, *, kinds_named: list[str] = ()) -> Setting:  # type: ignore[assignment]
    """The setting ``text`` describes; ``kinds_named`` are the object kinds the prompt names (a
    building kind followed by "interior" names the place inside it)."""
    places = place_phrases(text)
    text = _without_kind_phrases(text)  # "an ice cream", "a street lamp": no snow, no street
    words = words_of(text)
    setting = Setting()
    times = [TIME_WORDS[w] for w in words if w in TIME_WORDS]
    lowered_text = text.lower()
    times = [time for phrase, time in TIME_PHRASES.items() if phrase in lowered_text] + times
    # "비 오는 밤": rain makes the sky grey, but a night named beside it is still night
    setting.time = next((t for t in times if t in ("night", "sunset", "dawn")), times[0] if times else "day")
    if not times and any(phrase in lowered_text for phrase in DARK_PHRASES):
        setting.time = "night"
    setting.weather = next((WEATHER_WORDS[w] for w in words if w in WEATHER_WORDS), "clear")
    if setting.weather in ("clear", "cloudy") and any(phrase in text.lower() for phrase in SNOWING_PHRASES):
        setting.weather = "snow"
    if setting.weather == "clear" and setting.time == "overcast":
        setting.weather = "cloudy"
    grounds = [GROUND_WORDS[w] for w in words if w in GROUND_WORDS]
    if "island" in kinds_named:
        grounds.insert(0, "water")  # an island stands in the sea
    feature_words = [w for w in words if w in FEATURE_WORDS]
    if any(kind.endswith("_tree") and kind != "pine_tree" for kind in kinds_named):
        # "palm trees", "벚나무들": those trees are the named objects, not a forest of pines around them
        feature_words = [w for w in feature_words if w not in ("trees", "나무들")]
    setting.features = tuple(dict.fromkeys(FEATURE_WORDS[w] for w in feature_words))
    if "northern lights" in lowered_text or "southern lights" in lowered_text:
        setting.features = (*setting.features, "aurora")
    if "aurora" in setting.features and setting.time in ("day", "overcast"):
        setting.time = "night"  # the lights show only in the dark
    setting.mood = list(dict.fromkeys(MOOD_WORDS[w] for w in words if w in MOOD_WORDS))
    setting.framing = next((FRAMING_WORDS[w] for w in words if w in FRAMING_WORDS), None)
    setting.backdrop = next((colour for pattern, colour in BACKDROP_PATTERNS if re.search(pattern, lowered_text)), None)
    if setting.framing is None and (setting.backdrop or any(phrase in lowered_text for phrase in ISOLATED_PHRASES)):
        setting.framing = "icon"
    setting.overhead = any(phrase in text.lower() for phrase in OVERHEAD_PHRASES)
    setting.suns = sky_bodies(lowered_text)
    if any(w in MOON_WORDS for w in words) and not any(w in ("sun", "suns", "태양", "태양이", "태양들") for w in words):
        setting.moons = setting.suns  # the bodies counted are moons: by day the sky still has its one sun
    setting.river = any(w in RIVER_WORDS for w in words)
    setting.view = next((view for view, pattern in VIEW_PATTERNS if pattern.search(lowered_text)), None)
    forest_kinds = [kind for kind in kinds_named if kind in FOREST_KINDS]
    if forest_kinds and "trees" in setting.features:
        setting.forest = forest_kinds[0]  # "대나무 숲": the forest is of bamboo, not pines
    lowered = " " + text.lower() + " "
    setting.flying = any(f" {phrase}" in lowered for phrase in FLYING_WORDS)
    setting.underwater = any(phrase in lowered for phrase in UNDERWATER_WORDS)
    inside = any(w in INSIDE_WORDS for w in words) or _korean_inside(text)
    place = places[0][1] if places else None
    named = {found.name for _, found in places}
    for room, buildings in ROOM_IN_BUILDING.items():
        if room in named and named & set(buildings):
            place = PLACES_BY_NAME[room]
    if inside:
        for kind in kinds_named:
            if kind in INSIDE_OF:
                place = PLACES_BY_NAME[INSIDE_OF[kind]]
                break
    if place is not None:
        setting.place = place.name
        setting.interior = place.interior or inside
        setting.room = place.room
        if place.ground:
            grounds.insert(0, place.ground)
        setting.features = tuple(dict.fromkeys(setting.features + place.features))
    elif inside or any(SETTING_WORDS.get(w) == "interior" for w in words):
        setting.interior = True
    setting.space = any(SETTING_WORDS.get(w) == "space" for w in words) or setting.place == "outer_space"
    if setting.space and setting.interior and setting.place is None:
        setting.place, setting.room = "space_station", "metal"
    if setting.interior and any(w in JAPANESE_ROOM_WORDS for w in words):
        setting.room = "shoji"  # "일본식 방", "a tatami room": paper screens and tatami, whatever the place
    elif setting.interior and any(w in TILED_WORDS for w in words):
        setting.room = "tile"
    if "futuristic" in setting.mood and setting.interior and setting.room not in ("tile", "shoji"):
        setting.room = "metal"
    if grounds:
        setting.ground = "snow" if "snow" in grounds else grounds[0]
    if not setting.interior and ABOVE_CLOUDS.search(lowered_text):
        setting.ground = "clouds"  # "islands floating above the clouds": a sea of cloud below, no ground
    if setting.underwater and not setting.interior:
        setting.ground = "sand"
        setting.time = "day" if setting.time == "overcast" else setting.time
    setting.words = [w for w in words if w in TIME_WORDS or w in SETTING_WORDS or w in GROUND_WORDS
                     or w in FEATURE_WORDS or w in MOOD_WORDS or w in WEATHER_WORDS or w in SKY_WORDS
                     or w in UNDERWATER_WORDS or w in SUN_WORDS]
    setting.words += [phrase for phrase, _ in places]
    if setting.underwater:
        setting.words.append("underwater")
    return setting


# Kinds a forest can be made of (the scenery plants them all around instead of pines)
FOREST_KINDS = ("bamboo", "palm_tree", "birch_tree", "cherry_tree", "oak_tree", "dead_tree", "mushroom", "pine_tree")
_COUNT_WORDS = {"two": 2, "three": 3, "twin": 2, "double": 2, "binary": 2, "triple": 3, "2": 2, "3": 3, "4": 4,
                "four": 4, "두": 2, "세": 3, "네": 4, "쌍둥이": 2}
_SKY_BODIES = (
    re.compile(r"\b(two|three|four|twin|double|binary|triple|2|3|4)\s+(?:[a-z-]+\s+)?(?:suns|moons|sun|moon)\b"),
    re.compile(r"(두|세|네|2|3|4)\s*개의\s*(?:태양|해|달)"),
    re.compile(r"(?:태양|해|달)[이가은는]?\s*(두|세|네|2|3|4)\s*개"),
    re.compile(r"(쌍둥이)\s*(?:태양|해|달)"),
)


def sky_bodies(lowered: str) -> int:
    """How many suns (or moons) the words put in the sky: "two suns", "태양이 두 개", "쌍둥이 태양"; 1 if unsaid."""
    for pattern in _SKY_BODIES:
        match = pattern.search(lowered)
        if match:
            return _COUNT_WORDS.get(match.group(1), 1)
    return 1


JAPANESE_ROOM_WORDS = frozenset(("japanese", "tatami", "shoji", "washitsu", "ryokan", "일본식", "다다미", "화실", "료칸",
                                 "일본풍", "왜식", "和室"))
TILED_WORDS = frozenset(("tiled", "tiles", "tile", "타일", "타일벽"))


def is_setting_word(word: str) -> bool:
    """True for a word that describes where or when, not a thing to build."""
    return (word in TIME_WORDS or word in SETTING_WORDS or word in GROUND_WORDS or word in FEATURE_WORDS
            or word in MOOD_WORDS or word in WEATHER_WORDS or word in PLACE_INDEX or word in SKY_WORDS
            or word in UNDERWATER_WORDS or word in SUN_WORDS)
