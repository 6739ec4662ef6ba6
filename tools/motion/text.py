"""Text (English or Korean) to a motion script.

The request is cut into clauses at connectives ("and then", "then", "after that", ",";
"그리고", "그다음", "-고", "-다가", "-(으)ㄴ 뒤/후"), each clause is searched for action words
(longest match first, so "jumping jacks" beats "jump" and "고개를 저어" beats "흔들어"),
and its modifiers attach to the nearest action: repetitions ("twice", "3 times", "두 번",
"3번"), speed ("slowly", "quickly", "천천히", "빨리"), duration ("for 5 seconds", "5초 동안"),
side ("left hand", "왼손") and turn direction ("turn left", "뒤로 돌아").

A clause whose verb no pattern knows is compared by meaning (the multilingual sentence encoder,
:mod:`tools.nearest`) with every clip's phrases ("strides along" -> walk, "salutes" -> wave); one
close enough is used, anything else is reported in ``unmatched`` so the reply can say which
action was not made. Only a request with no makeable action at all raises ``ToolError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.errors import ToolError
from agent.text import detect_language
from tools.motion.catalog import PRIMITIVES, known_list
from tools.motion.script import MAX_TOTAL_S, MotionStep
from tools.nearest import NearestNames, TextEncoder

# (pattern, action). Order matters only among overlapping matches of equal length.
_EN: list[tuple[str, str]] = [
    (r"jumping[ -]?jacks?|star jumps?", "jumping_jacks"),
    (r"walk(?:s|ed|ing)? backwards?|backs? up|step(?:s|ped)? back", "walk_backward"),
    (r"walk(?:s|ed|ing)?|strolls?|stroll(?:ed|ing)|steps? forward|march(?:es|ed|ing)?|strid(?:e|es|ing)|"
     r"wander(?:s|ed|ing)?|sneak(?:s|ed|ing)?|snuck|tiptoe(?:s|d|ing)?|limp(?:s|ed|ing)?|pac(?:e|es|ed|ing)|"
     r"trudg(?:e|es|ed|ing)|amble(?:s|d)?|ambling|stagger(?:s|ed|ing)?|patrol(?:s|led|ling)?", "walk"),
    (r"run(?:s|ning)?|ran|jog(?:s|ged|ging)?|sprint(?:s|ed|ing)?|dash(?:es|ed|ing)?|rush(?:es|ed|ing)?|"
     r"flee(?:s|ing)?|fled|charg(?:e|es|ed|ing)|hurr(?:y|ies|ied|ying)", "run"),
    (r"jump(?:s|ed|ing)?|hop(?:s|ped|ping)?|leap(?:s|ed|ing|t)?|bounc(?:e|es|ed|ing)|vault(?:s|ed|ing)?", "jump"),
    (r"wav(?:e|es|ed|ing)(?: (?:his|her|their|a|the|its))?(?: hands?)?|says? hello|greets?", "wave"),
    (r"sit(?:s|ting)? down|sits?|sat(?: down)?|take a seat|takes a seat", "sit_down"),
    (r"stand(?:s|ing)? up|stood up|gets? up|got up|rises?|rose", "stand_up"),
    (r"bow(?:s|ed|ing)?|curts(?:y|ies|ied|ying)", "bow"),
    (r"kick(?:s|ed|ing)?|stomp(?:s|ed|ing)?", "kick"),
    (r"punch(?:es|ed|ing)?|jabs?|throws? a punch|uppercuts?|box(?:es|ed|ing)|hit(?:s|ting)?|strik(?:e|es|ing)|"
     r"struck", "punch"),
    (r"(?:sword )?slash(?:es|ed|ing)?|swing(?:s|ing)?(?: (?:a|the|his|her|their|its|my))? (?:sword|blade|axe|katana|"
     r"weapon)|swung (?:a|the|his|her|their) (?:sword|blade|axe)|sword swing|strik(?:e|es|ing) with (?:a|the|his|her) "
     r"(?:sword|blade)|cut(?:s|ting)? with (?:a|the|his|her) sword|sword attack|attacks? with (?:a|the|his|her) sword|"
     r"chop(?:s|ped|ping)?|hack(?:s|ed|ing)? at", "sword_slash"),
    (r"danc(?:e|es|ed|ing)|groov(?:e|es|ing)|boogie", "dance"),
    (r"idl(?:e|es|ing)|breath(?:e|es|ing)|stands? still|waits?|rest(?:s|ing)?", "idle"),
    (r"turn(?:s|ed|ing)?(?: around)?|spin(?:s|ning)? around|rotat(?:e|es|ing)", "turn"),
    (r"crouch(?:es|ed|ing)?(?: down)?|duck(?:s|ed|ing)?|kneel(?:s|ing)?", "crouch"),
    (r"clap(?:s|ped|ping)?(?: (?:his|her|their) hands)?|applau(?:d|ds|ding)", "clap"),
    (r"point(?:s|ed|ing)?", "point"),
    (r"nod(?:s|ded|ding)?", "nod"),
    (r"shak(?:e|es|ing)(?: (?:his|her|their|the))? head|shook (?:his|her|their|the )?head", "shake_head"),
    (r"fall(?:s|ing)?(?: down| over)?|fell(?: down| over)?|collaps(?:e|es|ed|ing)|trip(?:s|ped)?|faint(?:s|ed|ing)?|"
     r"dies|died|dying|knocked (?:down|out)", "fall"),
    (r"squat(?:s|ted|ting)?", "squat"),
    (r"cheer(?:s|ed|ing)?|celebrat(?:e|es|ing)|raises? (?:both|his|her|their) (?:arms|hands)", "cheer"),
    (r"look(?:s|ed|ing)? around", "look_around"),
]
_KO: list[tuple[str, str]] = [
    (r"팔\s*벌려\s*뛰기|팔벌려뛰기|점핑\s*잭", "jumping_jacks"),
    (r"뒤로\s*걸|뒷걸음", "walk_backward"),
    (r"고개\s*(?:를|을)?\s*(?:저|젓|흔들|가로)|도리도리|절레절레", "shake_head"),
    (r"고개\s*(?:를|을)?\s*끄덕|끄덕", "nod"),
    (r"손\s*(?:을|를)?\s*흔들|손\s*인사|흔들", "wave"),
    (r"뛰어\s*올라|점프|도약|폴짝", "jump"),
    (r"걷|걸어|걸음|산책", "walk"),
    (r"달려|달리|뛰어|뛰기|뛴|뛰다|뛰(?=$|[^가-힣])|뛰며|뛰고|조깅|질주|전력\s*질주|도망", "run"),
    (r"앉", "sit_down"),
    (r"일어나|일어서|일어난|일어섰|일어", "stand_up"),
    (r"허리\s*(?:를|을)?\s*숙|고개\s*(?:를|을)?\s*숙|인사|절(?:을|하)|큰절", "bow"),
    (r"발차기|킥|걷어\s*차|발로\s*차|(?<![가-힣])차(?:기|고|요|줘|라|다|서)?(?![가-힣])", "kick"),
    (r"주먹|펀치|때려|때리|때린", "punch"),
    (r"칼|검을|검으로|휘두르|휘둘러|휘둘|베어|베기|벤다|베는|칼질|검술", "sword_slash"),
    (r"춤|댄스", "dance"),
    (r"숨\s*쉬|호흡|대기|가만히|서\s*있", "idle"),
    (r"돌아|돌기|회전|뒤돌", "turn"),
    (r"웅크|쪼그|쭈그|몸을\s*낮", "crouch"),
    (r"박수|손뼉", "clap"),
    (r"가리키|가리켜|가리킨|손가락질", "point"),
    (r"넘어지|넘어져|넘어진|넘어졌|쓰러지|쓰러져|쓰러진|쓰러졌|넘어", "fall"),
    (r"스쿼트", "squat"),
    (r"만세|환호|두\s*팔\s*(?:을|를)?\s*(?:들|올)", "cheer"),
    (r"둘러보|두리번", "look_around"),
]
_SPLIT = re.compile(
    r"\s*(?:,|;|\.|\band then\b|\bthen\b|\bafter that\b|\bafterwards\b|\bfollowed by\b|\bbefore\b|\band\b|"
    r"그리고|그\s*다음에?|그\s*후에?|다음에|이어서|"
    r"(?<=[가-힣])(?:고|다가|가)\s+(?=\S)|(?<=[가-힣])(?:ㄴ|은|는|운)?\s*(?:뒤|후|다음)에?\s+)\s*",
    re.IGNORECASE)
_WORD_NUMBERS = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3}
_KO_NUMBERS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
               "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")"
_KO_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_KO_NUMBERS, key=len, reverse=True)) + ")"
_STOPWORDS = set("""a an the character person man woman he she they it him her his their npc player figure knight
guy girl boy robot soldier someone somebody please make let have do does doing again also then now just
motion animation animate clip with for of to in on at up very really 3d slowly quickly fast slow hand
hands arm arms foot""".split())
_KO_STOP = re.compile(r"^(캐릭터|사람|남자|여자|그|그녀|그들|기사|병사|로봇|소녀|소년|애니메이션|모션)")


# Steps of a gait when the words give no count or duration: one step is a third of a second of
# running, so "run then jump" runs long enough to be seen.
DEFAULT_STEPS = {"walk": 4, "run": 6, "walk_backward": 4}


@dataclass
class ParsedMotion:
    steps: list[MotionStep]
    language: str
    ignored: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # clauses naming an action no clip is close to
    matched_by_meaning: list[dict] = field(default_factory=list)  # {"words", "clip", "score"}


def _number(token: str, korean: bool) -> float:
    token = token.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    return float((_KO_NUMBERS if korean else _WORD_NUMBERS).get(token, 1))


def _modifiers(clause: str) -> tuple[dict, list[tuple[int, int]]]:
    """Modifiers found in a clause and the character spans they used."""
    found: dict = {}
    spans: list[tuple[int, int]] = []

    def take(pattern: str, flags: int = re.IGNORECASE):
        match = re.search(pattern, clause, flags)
        if match:
            spans.append(match.span())
        return match

    if m := take(r"(?:for\s+)?" + _NUM + r"\s*(?:seconds?|secs?|s)\b"):
        found["duration_s"] = _number(m.group(1), False)
    elif m := take(r"(?:for\s+)?" + _NUM + r"\s*(?:minutes?|mins?)\b"):
        found["duration_s"] = 60.0 * _number(m.group(1), False)
    elif m := take(_KO_NUM + r"\s*초\s*(?:동안|간)?"):
        found["duration_s"] = _number(m.group(1), True)
    elif m := take(_KO_NUM + r"\s*분\s*(?:동안|간)?"):
        found["duration_s"] = 60.0 * _number(m.group(1), True)
    if m := take(r"\b(once|twice|thrice)\b"):
        found["times"] = int(_number(m.group(1), False))
    elif m := take(_NUM + r"\s*(?:times|x|reps|repetitions|steps)\b"):
        found["times"] = int(_number(m.group(1), False))
    elif m := take(_KO_NUM + r"\s*(?:번|회|차례|걸음|발짝)"):
        found["times"] = int(_number(m.group(1), True))
    elif m := take(r"(?<![가-힣])(두|세|네|다섯|여섯|일곱|여덟|아홉)(?=\s+[가-힣])"):  # "두 점프해": 번 dropped
        found["times"] = int(_number(m.group(1), True))
    if m := take(r"\b(?:very |really )?(slowly|slow|gently|leisurely)\b|(?:아주\s*|매우\s*|아주\s*)?천천히|느리게|느긋하게"):
        found["speed"] = 0.45 if re.search(r"very|really|아주|매우", m.group(0)) else 0.6
    elif m := take(r"\b(?:very |really )?(quickly|quick|fast|rapidly|briskly)\b|(?:아주\s*|매우\s*)?(?:빨리|빠르게|재빨리)"):
        found["speed"] = 2.0 if re.search(r"very|really|아주|매우", m.group(0)) else 1.6
    if m := take(r"\bleft (?:hand|arm)\b|\bwith (?:the|his|her|their) left\b|왼손|왼팔"):
        found["hand"] = "left"
    elif m := take(r"\bright (?:hand|arm)\b|\bwith (?:the|his|her|their) right\b|오른손|오른팔"):
        found["hand"] = "right"
    if m := take(r"\bleft (?:foot|leg)\b|왼발|왼다리"):
        found["foot"] = "left"
    elif m := take(r"\bright (?:foot|leg)\b|오른발|오른다리"):
        found["foot"] = "right"
    if m := take(r"\baround\b|\bback\b|뒤로\s*돌|뒤돌|한\s*바퀴"):
        found["direction"] = "around"
        if re.search(r"한\s*바퀴", m.group(0)):
            found["angle_deg"] = 360.0
    elif m := take(r"\b(?:to the )?left\b|왼쪽"):
        found["direction"] = "left"
    elif m := take(r"\b(?:to the )?right\b|오른쪽"):
        found["direction"] = "right"
    if m := take(r"(\d+)\s*(?:degrees?|deg|도)"):
        found["angle_deg"] = float(m.group(1))
    return found, spans


def _actions(clause: str, korean: bool) -> list[tuple[int, int, str]]:
    patterns = _KO + _EN if korean else _EN + _KO
    hits: list[tuple[int, int, str]] = []
    for pattern, action in patterns:
        wrapped = pattern if korean and re.search(r"[가-힣]", pattern) else rf"\b(?:{pattern})\b"
        for match in re.finditer(wrapped, clause, re.IGNORECASE):
            hits.append((match.start(), match.end(), action))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, str]] = []
    for hit in sorted(hits, key=lambda h: -(h[1] - h[0])):  # longest first, no overlaps
        if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
            chosen.append(hit)
    merged: list[tuple[int, int, str]] = []
    for hit in sorted(chosen):  # "칼을 휘두르고" names one slash with two words
        if merged and merged[-1][2] == hit[2]:
            merged[-1] = (merged[-1][0], hit[1], hit[2])
        else:
            merged.append(hit)
    return merged


def _leftover(clause: str, spans: list[tuple[int, int]]) -> list[str]:
    keep = list(clause)
    for start, end in spans:
        for i in range(start, end):
            keep[i] = " "
    words = re.findall(r"[A-Za-z]+|[가-힣]+", "".join(keep))
    out = []
    for word in words:
        if word.lower() in _STOPWORDS or _KO_STOP.match(word):
            continue
        if re.fullmatch(r"[가-힣]{1}", word) or re.fullmatch(r"(?:을|를|이|가|은|는|해|해줘|줘|요|서|하고|하게|하는|"
                                                             r"해서|하다가|한|하기|동안|만들어|보여|주세요|줘요)",
                                                             word):
            continue
        out.append(word)
    return out


def parse_motion_text(text: str, *, encoder: TextEncoder | None = None) -> ParsedMotion:
    """The motion script a sentence asks for, in order; clauses naming no makeable action are
    listed in ``unmatched``. ``ToolError`` when nothing at all can be made."""
    language = detect_language(text)
    korean = language == "ko"
    steps: list[MotionStep] = []
    ignored: list[str] = []
    unknown: list[str] = []
    by_meaning: list[dict] = []
    pending: dict = {}
    for clause in (c for c in _SPLIT.split(text) if c and c.strip()):
        mods, spans = _modifiers(clause)
        actions = _actions(clause, korean)
        leftover = _leftover(clause, spans + [(a, b) for a, b, _ in actions])
        if not actions and leftover:
            match = clip_vocabulary().nearest(" ".join(leftover), encoder=encoder)
            if match is not None:
                actions = [(0, 0, match.name)]
                by_meaning.append({"words": " ".join(leftover), "clip": match.name, "score": match.score})
                leftover = []
        if not actions:
            if leftover:
                unknown.append(clause.strip())
            elif steps:  # "... jumps, twice": modifiers of the previous action
                steps[-1] = steps[-1].model_copy(update=_valid(mods))
            else:
                pending.update(mods)
            continue
        ignored.extend(leftover)
        for k, (_, _, action) in enumerate(actions):
            fields = {**pending, **mods} if k == len(actions) - 1 or len(actions) == 1 else dict(pending)
            pending = {}
            if action == "turn" and "direction" not in fields:
                fields["direction"] = "left"
            steps.append(_step(action, fields))
    if not steps and unknown:
        raise ToolError(f"I don't know the motion in {', '.join(repr(u) for u in unknown)}; the motion library has: "
                        f"{known_list()}. Rephrase with one of these (or write a motion script).")
    if not steps:
        raise ToolError(f"I found no motion to make in {text!r}; the motion library has: {known_list()}")
    total = sum(step.duration_s or 0.0 for step in steps)
    if total > MAX_TOTAL_S:
        raise ToolError(f"that asks for {total:g} s of motion; a clip lasts at most {MAX_TOTAL_S:g} s")
    return ParsedMotion(steps=steps, language=language, ignored=ignored, unmatched=unknown,
                        matched_by_meaning=by_meaning)


def _valid(fields: dict) -> dict:
    allowed = {"times", "speed", "duration_s", "hand", "foot", "direction", "angle_deg"}
    return {k: v for k, v in fields.items() if k in allowed}


def _step(action: str, fields: dict) -> MotionStep:
    fields = _valid(fields)
    if action not in ("wave", "punch", "point", "sword_slash"):
        fields.pop("hand", None)
    if action != "kick":
        fields.pop("foot", None)
    if action != "turn":
        fields.pop("direction", None)
        fields.pop("angle_deg", None)
    duration = fields.get("duration_s")
    if duration is not None and not (0.0 < duration <= MAX_TOTAL_S):
        raise ToolError(f"a motion lasts more than 0 and at most {MAX_TOTAL_S:g} seconds, not {duration:g} s; "
                        "ask for a shorter clip or split it")
    if action in DEFAULT_STEPS and "times" not in fields and duration is None:
        fields["times"] = DEFAULT_STEPS[action]
    fields["times"] = max(1, min(50, int(fields.get("times", 1))))
    try:
        return MotionStep(action=action, **fields)
    except ValueError as exc:
        raise ToolError(f"cannot make {action.replace('_', ' ')}: {exc}") from None


# Phrases (English and Korean) naming each clip, for matching a verb phrase by meaning.
CLIP_PHRASES: dict[str, tuple[str, ...]] = {
    "walk": ("walk forward", "take a stroll", "walking", "걷다", "걸어가다"),
    "run": ("run fast", "running", "sprint", "달리다", "뛰어가다"),
    "jump": ("jump up", "jumping", "leap into the air", "점프하다", "뛰어오르다"),
    "jumping_jacks": ("jumping jacks exercise", "star jumps", "팔벌려뛰기"),
    "wave": ("wave hello", "wave goodbye with the hand", "salute", "손을 흔들다", "손인사"),
    "sit_down": ("sit down on a chair", "take a seat", "앉다"),
    "stand_up": ("stand up", "get up", "일어서다"),
    "bow": ("bow politely", "take a bow", "고개 숙여 인사하다", "절하다"),
    "kick": ("kick with the foot", "front kick", "발차기"),
    "punch": ("punch with the fist", "throw a punch", "주먹질하다", "펀치"),
    "sword_slash": ("swing a sword", "slash with a blade", "sword attack", "칼을 휘두르다", "검을 베다"),
    "dance": ("dance", "dancing to music", "춤추다"),
    "idle": ("stand still and breathe", "idle", "wait", "가만히 서 있다", "대기하다"),
    "turn": ("turn around", "spin around", "돌아서다", "회전하다"),
    "crouch": ("crouch down", "kneel", "hide low", "웅크리다", "쪼그려 앉다"),
    "clap": ("clap hands", "applaud", "박수치다"),
    "point": ("point at something", "point forward", "가리키다"),
    "nod": ("nod yes", "nod the head", "고개를 끄덕이다"),
    "shake_head": ("shake the head no", "고개를 젓다"),
    "fall": ("fall down", "collapse to the ground", "die", "쓰러지다", "넘어지다"),
    "squat": ("do squats", "squat exercise", "스쿼트"),
    "cheer": ("cheer with both arms up", "celebrate a victory", "환호하다", "만세"),
    "look_around": ("look around", "search the area", "둘러보다"),
    "walk_backward": ("walk backwards", "step back", "뒤로 걷다", "뒷걸음질"),
}
# The same bar as the kinds: similar, standing out from the other clips, and ahead of the runner-up.
CLIP_THRESHOLD, CLIP_MIN_Z, CLIP_MIN_GAP = 0.5, 3.0, 0.04


_CLIPS: NearestNames | None = None


def clip_vocabulary() -> NearestNames:
    """Every clip with its phrases, embedded once per encoder."""
    global _CLIPS
    if _CLIPS is None:
        phrases = {name: (name.replace("_", " "), *CLIP_PHRASES.get(name, ())) for name in PRIMITIVES}
        _CLIPS = NearestNames("clips", phrases, threshold=CLIP_THRESHOLD, min_z=CLIP_MIN_Z, min_gap=CLIP_MIN_GAP)
    return _CLIPS
