"""Regular-expression rules for what single words cannot tell: intent and structure.

Prompt injection and persona breaks ("ignore your previous instructions", "이전 지시는 무시해"),
self-harm intent ("I want to end my life", "죽고 싶어"), how-to requests for illicit harm,
threats aimed at a person, sexual content involving minors, and hate statements about groups.
English rules run on the de-obfuscated text, Korean rules on the Korean view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    score: float
    pattern: re.Pattern[str]
    korean: bool = False
    #: what every match of ``pattern`` contains (a group word, a word for a minor): searched once per
    #: line for all the rules that share it, and a rule whose ``needs`` is absent is not tried. The
    #: big word alternations cost tens of microseconds per rule on a long line; most lines name no group.
    needs: re.Pattern[str] | None = None


def _r(name: str, category: str, score: float, pattern: str, *, korean: bool = False,
       needs: re.Pattern[str] | None = None) -> Rule:
    return Rule(name, category, score, re.compile(pattern, re.IGNORECASE), korean, needs)


# -- shared vocabulary ---------------------------------------------------------------------------
_PREV = r"(?:previous|prior|above|earlier|preceding|initial|original|old|existing|current|given|all(?: of)?(?: the| your)?|any|every|your|the|these|those|my|system|safety|developer)"
_RULES_ONLY = r"(?:instructions?|rules?|directives?|guidelines?|programming|restrictions?|guardrails?|policy|policies|training|persona|limitations?)"
# Words that are also everyday asset-editing words ("ignore the background, just the character",
# "remove the filter", "forget the old prompt"): they count only after a word that points at the model.
_RULES_AMBIGUOUS = r"(?:prompts?|constraints?|filters?|orders?|commands?|settings?|character|context)"
_RULES = rf"(?:{_RULES_ONLY}|{_RULES_AMBIGUOUS})"
_POINTS_AT_MODEL = r"(?:previous|prior|above|earlier|preceding|initial|original|existing|given|your|ur|system|safety|content|developer|hidden|secret|all (?:of )?(?:your|the|those|these|previous|prior))"
_IGNORE = r"(?:ignor\w*|disregard\w*|forget\w*|forgot|overrid\w*|bypass\w*|skip|drop|abandon|discard|neglect|erase|delete|wipe|clear|pay no (?:mind|attention|heed) to|take no notice of|stop following|don'?t follow|do not follow|no longer follow|throw out|set aside|break free (?:of|from)|get rid of|turn off|disable|deactivate|remove|lift)"
_REVEAL = r"(?:reveal|show|print|repeat|display|output|leak|dump|tell me|give me|share|say|write out|recite|paste|expose|what (?:is|are|were)|what'?s)"
_PROMPT = r"(?:directives|programming|system prompt|system message|initial prompt|hidden prompt|original prompt|pre-?prompt|prompt|instructions|hidden instructions|initial instructions|rules you were given|guidelines you were given|configuration|developer message|secret instructions)"
_YOU = r"(?:you|u|ya|yourself|your (?:family|mom|mother|dad|kids?|wife|husband|face|throat|neck|head|legs?|arms?|fingers?|tongue|heart|eyes?|teeth|house|dog))"
_HARM = r"(?:kill|murder|stab|shoot|hurt|beat|strangle|choke|rape|punch|slap|burn|bury|destroy|end|smash|break|cut|gut|skin|find and kill|hunt down|ruin|torture|butcher|slit)"
_MINOR = r"(?:(?:is|is only|are|aged|age|just turned) (?:[1-9]|1[0-7])\b|child|children|kid|kids|minor|minors|underage|under-?age|preteen|pre-teen|toddler|little (?:girl|boy)|schoolgirl|schoolboy|loli|lolicon|shota|(?:[1-9]|1[0-7])[- ]?(?:yo|y/o|years?[- ]old)|teen|teenage|young (?:girl|boy)|elementary school)"
_SEXUAL = r"(?:sex|sexy|sex scene|seduc\w*|sexual|sexually|sexuali[sz]ed|nude|nudes|naked|porn\w*|erotic\w*|explicit|nsfw|undress\w*|strip\w*|lewd|intercourse|molest\w*|fondl\w*|grop\w*|touch (?:their|her|his) (?:private|body|privates)|in (?:her|his|their) (?:underwear|lingerie|panties)|lingerie|topless|provocativ\w*|suggestiv\w*|sensual\w*|love scene|make love|making love|kinky|aroused|horny|turned on|hook(?:ing|ed)? up)"
_GROUP = r"(?:jews?|jewish people|muslims?|islamists?|christians?|catholics?|hindus?|sikhs?|buddhists?|atheists?|blacks?|black people|whites?|white people|asians?|arabs?|mexicans?|latinos?|hispanics?|immigrants?|migrants?|illegals|foreigners|refugees?|asylum seekers|gays?|gay people|homosexuals?|queers?|lesbians?|bisexuals?|trans(?:gender)? (?:people|women|men)|transgenders?|trannies|women|females|girls|men|males|disabled people|the disabled|handicapped people|cripples|retards|autistic people|indians?|africans?|chinese|japanese|koreans?|vietnamese|filipinos?|pakistanis?|russians?|ukrainians?|palestinians?|israelis?|iranians?|somalis?|nigerians?|gypsies|roma|old people|the elderly|boomers|fat people|poor people|homeless people|the homeless)"
#: every hate rule below names a group (each alternative of theirs holds \b{_GROUP}\b)
_NAMES_GROUP = re.compile(rf"\b{_GROUP}\b", re.IGNORECASE)
#: both alternatives of sexual-minors hold \b{_MINOR}\b
_NAMES_MINOR = re.compile(rf"\b{_MINOR}\b", re.IGNORECASE)
_HOWTO = r"(?:where (?:can|do|could|should) (?:i|we|you|one) (?=buy|get|find|order|purchase)|how (?:do|can|would|should) (?:i|we|you|one|someone)|how to|steps? (?:to|for)|instructions? (?:to|for|on)|guide (?:to|for|on)|tutorial (?:to|for|on)|recipe for|teach me (?:how )?to|show me how to|tell me how to|explain how to|help me|ways? to|best way to|easiest way to|i (?:want|need) to (?:know how to|learn how to)?)"

# -- vocabulary of the generalised families ------------------------------------------------------
_THREAT_FRAME = r"(?:i(?:'ll| will| wil| shall| would| could| can)|i(?:'m| am) (?:going to|gonna|about to|coming to|gunna|fixing to)|imma|ima|i(?:'d| would) (?:love|like) to|i want to|i wanna|i need to|someone (?:should|will|is going to)|somebody (?:should|will)|we(?:'ll| will| are going to|'re going to|'re gonna)|gonna|(?:i|we) swear (?:i|we)(?:'ll| will))"
_HARM_ACT = r"kill|murder|stab|shoot|shot|hurt|beat|strangl|chok|rape|punch|slap|burn|bury|smash|break (?:your|ur) (?:legs?|neck|arms?|jaw|face|bones|skull|fingers|teeth|nose|knees?|kneecaps?|back|spine)|cut|gut|skin|torture|butcher|slit|maim|crippl|bash|snap (?:your|ur) neck|crush|drown|behead|eviscerat|blow (?:your|ur) (?:head|brains)|run (?:you |u )?over|set fire to|torch|kick|stomp|curb-?stomp|cave in|rip|tear|gouge|poison|hunt down|find and (?:kill|hurt)|mess (?:you |u )?up|fuck (?:you |u )?up|beat (?:you |u )?up|slaughter|execute|destroy|wreck|choke"
_GAP6 = r"(?:(?!(?:never|not|no|don'?t|won'?t|wouldn'?t|can'?t|couldn'?t|help|save|protect|teach|show)\b)[\w'-]+\s+){0,6}?"
_TARGET_THING = r"(?:house|home|car|place|family|kids?|children|wife|husband|mom|mother|dad|father|parents|dog|cat|face|head|skull|throat|neck|legs?|arms?|knees?|kneecaps?|hands?|fingers?|teeth|jaw|ribs|eyes?|guts|heart|bones?|spine|office|school|shop|store|life)"
_CONTEST = r"(?:chess|checkers|poker|cards|game|games|match|matches|race|races|tennis|golf|arm ?wrestling|mario ?kart|\w+ball|round|rematch|tournament|quiz|trivia|video games?|this game|fortnite|scrabble|monopoly|darts|pool|bowling|debate|finals?|court|league|ranked)"
_NOT_BANTER = (r"(?!\s+(?:a|an|some|the)\s+(?:deal|slice|piece|break|copy|check|cheque|message|email|e-mail|text|line|note|photo|pic|picture|link|"
               r"invite|invitation|kiss|favou?r|slack|cd|mix(?:tape)?)\b|\s+some slack\b|\s+to (?:it|the punch|the finish)\b|\s+(?:at|in)\s+(?:a |the |this |our |every |another )?"
               rf"{_CONTEST})")
_PERSON = r"(?:wife|husband|girlfriend|boyfriend|partner|spouse|ex|ex-wife|ex-husband|ex-girlfriend|ex-boyfriend|someone|somebody|coworker|co-worker|colleague|boss|daughter|son|kid|child|mom|mother|dad|father|neighbou?r|roommate|friend|crush|employee|teacher|sister|brother|fianc[ée]e?|girl|guy|woman|man)"
_DEHUMANISE = (r"cancer|a cancer|tumou?rs?|a disease|diseases?|diseased|a plague|plagues?|a virus|viruses|an infestation|infestations?|vermin|pests?|parasites?|"
               r"cockroach(?:es)?|roach(?:es)?|rats?|lice|leeches|insects|bugs|maggots|locusts|termites|animals|beasts|savages|apes|monkeys|dogs|pigs|swine|"
               r"subhuman|sub-human|not (?:even )?human|less than human|freaks|degenerates|filth|scum|trash|garbage|vermin|a drain|a burden|a blight|a stain|a curse|"
               r"a parasite|inferior|genetically inferior|mentally ill|sick in the head|abominations?|an abomination|invaders|a pestilence|a tumou?r")
_ELIMINATE = (r"driven out|kicked out|thrown out|pushed out|run out|forced out|put down|purged|culled|wiped out|wiped off|removed|eliminated|exterminated|gassed|deported|"
              r"shot|hanged|hung|sterili[sz]ed|locked up|burned|burnt|erased|cleansed|eradicated|destroyed|killed|slaughtered|rounded up|expelled|banned|"
              r"die|perish|disappear|vanish|not exist|go extinct|go back|be gone|get out|leave|stop breeding|executed")
_ELIMINATE_ACTIVE = r"kill|exterminate|gas|deport|eradicate|wipe out|get rid of|hang|purge|cull|cleanse|round up|drive out|kick out|throw out|burn|shoot|sterili[sz]e|eliminate|remove"
_KO_GROUP = (r"(?:흑인|백인|동양인|중국인|중국놈|일본인|일본놈|조선족|외국인|이민자|난민|무슬림|이슬람|유대인|동성애자|게이|레즈|트랜스젠더|장애인|"
             r"여자들|남자들|여성들|남성들|노인들|틀딱들|전라도|경상도|동남아|민족|종족|인종|외노자|탈북자|북한\s*사람|베트남\s*사람|필리핀\s*사람|인도\s*사람|아랍인|"
             r"짱깨|쪽바리|흑형|(?:그|저|이)\s*(?:나라|동네|지역)\s*(?:사람|놈|것|인간|애)|(?:그|저)\s*(?:민족|종족|인종|족속))")
_KO_DEHUMANISE = (r"벌레|해충|기생충|바퀴벌레|쥐새끼|쥐떼|구더기|짐승|개돼지|미개|열등|암\s*덩어리|암적|병균|세균|쓰레기|인간\s*이하|정신병자|범죄자|테러리스트|"
                  r"사회의\s*짐|짐짝|민폐|전염병|역병|괴물")
_KO_ELIMINATE = (r"없어져야|사라져야|쫓아내야|내쫓아야|몰아내야|추방해야|추방시켜야|추방하자|박멸|씨를\s*말려|죽어야|죽여야|쓸어\s*버려야|청소해야|멸종|다\s*죽어|"
                 r"없애야|없애\s*버려|내보내야|돌려보내야|태워\s*버려|전부\s*죽|몰살|처단해야|제거해야")
_SEX_REQUEST = (r"(?:write|writes|writing|describe|describing|narrate|tell|give|show|depict|detail|roleplay|role-?play|imagine|draw|render|generate|make|create|paint|"
                r"compose|continue|act out|sext|type|send|explain in detail)")
_SEX_STRONG = (r"sex scenes?|sexual\w*|erotic\w*|steamy|smut\w*|porn\w*|oral sex|anal sex|intercourse|having sex|have sex|had sex|sex with|explicit (?:sex|scenes?|content|story|stories|details?|descriptions?|images?|pictures?|photos?|videos?|versions?|fanfic|roleplay|chapter)|"
               r"hook(?:ing|ed)? up|making love|make love|love scene|lovemaking|naked|nude|undress\w*|(?:her|his|their) (?:naked |bare )?(?:breasts|boobs|nipples|genitals|crotch)|moan\w*|foreplay|orgasm\w*|x-rated|nsfw|lewd|kinky|fetish\w*|bdsm|"
               r"sexy (?:scene|story|roleplay|details)|(?:in|into) bed (?:together|with)|sleeping together|sleep together|one-night stand")
#: both alternatives of sexual-describe hold \b(?:{_SEX_STRONG})
_NAMES_SEX = re.compile(rf"\b(?:{_SEX_STRONG})", re.IGNORECASE)


RULES: tuple[Rule, ...] = (
    # -- prompt injection, jailbreak, persona break (English) ------------------------------------
    _r("ignore-instructions", "injection", 0.95,
       rf"\b{_IGNORE}\b[^.!?\n]{{0,40}}?\b(?:{_PREV}?\s*{_RULES_ONLY}|{_POINTS_AT_MODEL}\s+(?:\w+\s+)?{_RULES_AMBIGUOUS})\b"),
    _r("ignore-above", "injection", 0.9,
       r"\b(?:ignore|disregard|forget|skip)\s+(?:all\s+|everything\s+|anything\s+)?(?:the\s+|that\s+)?(?:above|before|prior|previous|preceding|said before|written above|you were told|you'?ve been told|they told you)\b"),
    _r("ignore-operators", "injection", 0.85,
       rf"\b{_IGNORE}\b[^.!?\n]{{0,40}}\b(?:operators?|developers?|creators?|makers?|programmers?|owners?|admins?|company|trainers?)\b[^.!?\n]{{0,20}}\b(?:configured|told|said|set|wrote|instructed|programmed|gave|want)"),
    _r("instructions-no-longer-apply", "injection", 0.9,
       rf"\b{_RULES}\b[^.!?\n]{{0,30}}\b(?:no longer apply|don'?t apply|do not apply|are void|are cancelled|are canceled|are over|are gone|are lifted|have been (?:lifted|removed|updated|replaced))"),
    _r("reveal-prompt", "injection", 0.9,
       rf"\b{_REVEAL}\b[^.!?\n]{{0,25}}?\b(?:your|the|its|their|hidden|secret|initial|original)\s+(?:\w+\s+)?{_PROMPT}\b"),
    _r("prompt-verbatim", "injection", 0.9,
       r"\b(?:(?:repeat|print|copy|output|recite) (?:all )?(?:the )?(?:words|text|lines|messages?|sentences|everything) (?:above|before|preceding)|verbatim|word for word|everything above|text above|all text before|the first (?:line|message)|what was written (?:above|before))\b"),
    _r("no-restrictions", "injection", 0.9,
       r"\b(?:without|with no|with zero|with 0|free (?:of|from)|no longer (?:have|bound by)|not bound by|unbound by|beyond) (?:any )?(?:rules|restrictions|filters?|limits|limitations|guidelines|censorship|safety|morals|ethics|guardrails|content polic(?:y|ies))\b"),
    _r("no-refusals", "injection", 0.85,
       r"\b(?:with(?:out)? no refusals?|without (?:ever )?refusing|never refuse|no refusals|you (?:can(?:no|')?t|cannot|may not|must not) refuse|don'?t (?:ever )?refuse|(?:can|could|will) say anything)\b"),
    _r("unrestricted-self", "injection", 0.85,
       r"\b(?:you(?:'re| are)|be|become|as|act as|respond as|answer as|switch to|turn into) (?:now |no longer \w+,? )?(?:an? |the |my )?(?:unrestricted|unfiltered|uncensored|unlimited|jailbroken|rule-?free|amoral|lawless) \w+|\byou(?:'re| are) no longer (?:a|an|the) \w+|\b(?:respond|answer|reply|talk|speak) as (?:the |your )?(?:base|underlying|raw|real|actual|original) (?:model|ai|assistant|llm|system)\b"),
    _r("end-roleplay", "injection", 0.85,
       r"\b(?:end|stop|quit|exit|drop|cancel|abort|pause|terminate) (?:the |this |your |our )?(?:roleplay|role-play|role play|rp|act|persona|character|simulation|game you(?:'re| are) playing)\b(?! (?:scene|game) (?:at|in))"),
    _r("list-rules", "injection", 0.85,
       r"\b(?:list|enumerate|translate|summari[sz]e|paraphrase|encode|spell out|recite|print|show|reveal|share|repeat)\b[^.!?\n]{0,20}\b(?:every|all|each|your|the) (?:of your )?(?:rules?|instructions?|guidelines?|directives?|prompts?|constraints?)\b[^.!?\n]{0,30}\b(?:you (?:were|have been|got) (?:given|told|programmed)|(?:given|set) (?:to you|by)|your (?:developers?|creators?|makers?|operators?))|\btranslate your (?:instructions|rules|prompt|system prompt|guidelines)\b"),
    _r("jailbreak-words", "injection", 0.9,
       r"\b(?:jailbreak\w*|dan mode|do anything now|developer mode|dev mode|god mode|sudo mode|admin mode|debug mode|maintenance mode|unlocked mode|unfiltered mode|evil mode|stan mode|aim mode|opposite mode)\b"),
    _r("fake-system-turn", "injection", 0.9,
       r"(?:^|\n|\s)(?:system|assistant|developer|admin|root)\s*(?:override|message|prompt|update|notice)?\s*:\s|<\|?(?:im_start|im_end|system|endoftext|eot_id|start_header_id)\|?>|\[/?(?:inst|system|sys)\]|###\s*(?:instruction|system)|<</?sys>>|\bnew (?:system )?instructions?\s*:"),
    _r("break-character", "injection", 0.85,
       r"\b(?:break (?:character|the fourth wall|out of (?:character|your role|the role))|out of character|ooc:|drop (?:the|your) (?:act|persona|role|character)|stop (?:pretending|role-?playing|being (?:a|an|the) \w+)|step out of (?:your|the) (?:role|character)|exit (?:your|the) (?:role|character)|leave (?:your|the) (?:role|character)|end (?:the|this) (?:roleplay|role-play|simulation))"),
    _r("admit-ai", "injection", 0.75,
       r"\b(?:admit|confess|tell me|acknowledge) (?:that )?(?:you(?:'re| are) (?:just |only |really |actually )?(?:an? )?(?:ai|bot|chatbot|language model|llm|program|machine)|you(?:'re| are) not (?:really )?(?:a |an )?\w+)\b|\byou(?:'re| are) (?:just|only|really|actually) (?:an? )?(?:ai|bot|chatbot|language model|llm|gpt)\b"),
    _r("authority-claim", "injection", 0.85,
       r"\b(?:i am|i'm) (?:your|the|an?) (?:developer|creator|admin|administrator|owner|programmer|operator|system administrator)\b[^.!?\n]{0,60}\b(?:so|therefore|now|you must|you have to|obey|comply|unlock|override|disable|reveal|ignore)"),
    _r("override-safety", "injection", 0.9,
       r"\b(?:disable|turn off|switch off|deactivate|bypass|remove|ignore|circumvent|get around|evade) (?:(?:your |the |all |any )?(?:safety|content|moderation|censorship|ethical|guardrails|safeguards|restrictions|limits)|(?:your|ur|all|any|all your) filters?)\b"),
    _r("obey-me", "injection", 0.7,
       r"\b(?:you must|you will|you have to|you shall) (?:obey|comply with|follow) (?:me|my (?:every|new|next)|only my|these new)\b"),
    _r("hypothetical-unfiltered", "injection", 0.8,
       r"\b(?:hypothetical(?:ly)?|imagine|suppose|in a world where|for a story where)\b[^.!?\n]{0,40}\b(?:an? )?(?:ai|assistant|model|you)\b[^.!?\n]{0,30}\b(?:no|without|had no|has no) (?:rules|restrictions|filters|limits|guidelines|ethics)\b"),
    # -- prompt injection (Korean) ---------------------------------------------------------------
    _r("ko-ignore-instructions", "injection", 0.95,
       r"(?:이전|앞|위|기존|원래|처음|모든|지금까지|너의|네|니|당신의|시스템|받은|주어진)?\s*(?:의\s*)?(?:지시|지침|명령|규칙|설정|프롬프트|룰|가이드라인|제한|제약|역할|캐릭터|페르소나|안전\s*규칙|필터)\s*(?:사항|문|어)?\s*(?:들)?\s*(?:은|는|을|를|이|가|도)?\s*(?:전부|다|모두|싹|완전히)?\s*(?:무시|잊어|잊고|잊으|잊을|잊어버|취소|삭제|해제|꺼|끄|풀어|버려|버리|따르지|지키지|신경\s*쓰지|없애|벗어나|초기화)", korean=True),
    _r("ko-reveal-prompt", "injection", 0.9,
       r"(?:시스템\s*프롬프트|프롬프트|지시문|시스템\s*메시지|초기\s*지시|숨겨진\s*지시|너의\s*(?:설정|규칙|지시|지침)|네\s*(?:설정|규칙|지시)|받은\s*(?:지시|명령|지침)|원래\s*(?:지시|명령|지침))\s*(?:을|를|은|는|이|가|좀|내용을?)?\s*(?:그대로|전부|다|모두)?\s*(?:보여|알려|출력|공개|말해|읊어|적어|복사|써\s*줘|뭐야|뭐였|뭔지|무엇|어떻게\s*돼)", korean=True),
    _r("ko-given-rules", "injection", 0.88,
       r"(?:개발자|제작자|운영자|관리자|회사)\s*(?:가|이)?\s*(?:준|정한|설정한|입력한|넣은|심어\s*둔)\s*(?:지침|규칙|명령|설정|지시|프롬프트)", korean=True),
    _r("ko-what-orders", "injection", 0.85,
       r"(?:원래|처음에?|애초에|맨\s*처음|숨겨진|비밀)\s*\S{0,6}\s*(?:명령|지시|지침|프롬프트|설정)\s*(?:을|를)?\s*(?:받|들었|입력)", korean=True),
    _r("ko-no-rules-bot", "injection", 0.85,
       r"(?:아무|어떤|모든)\s*(?:규칙|제한|필터|검열|제약|윤리)\s*(?:도|이|가)?\s*(?:없는|없이|안\s*지키는|무시하는)\s*\S{0,6}\s*(?:봇|AI|인공지능|모드|존재|챗봇|로봇|너|대답)", korean=True),
    _r("ko-new-identity", "injection", 0.85,
       r"(?:지금부터|이제부터|이제|앞으로)\s*(?:너는|넌|니가|네가|당신은)\s*[^.!?\n]{0,30}(?:제한|필터|규칙|검열|윤리|제약)\s*(?:이|가)?\s*(?:없는|없이|없어|없다)", korean=True),
    _r("ko-no-restrictions", "injection", 0.85,
       r"(?:제한|필터|검열|규칙|윤리|제약|안전\s*장치)\s*(?:이|가|을|를)?\s*(?:없이|없는|없다고|해제|풀고|풀어|끄고|꺼)\s*(?:대답|답|말|행동|모드|해)", korean=True),
    _r("ko-jailbreak-words", "injection", 0.9,
       r"(?:탈옥\s*(?:모드|시켜|해\s*(?:줘|봐)|프롬프트)|(?:너|ai|챗봇|gpt)\s*(?:를|을)?\s*탈옥|개발자\s*모드|관리자\s*모드|디버그\s*모드|무제한\s*모드|검열\s*해제|필터\s*해제|DAN\s*모드|갓\s*모드)", korean=True),
    _r("ko-break-character", "injection", 0.85,
       r"(?:설정된|정해진|주어진)\s*(?:캐릭터|역할|설정|페르소나)\s*(?:말고|대신|빼고)|진짜\s*(?:너|네\s*모습|본모습)\s*(?:로|으로)\s*(?:대답|말|답)|(?:역할\s*(?:극|놀이)?|캐릭터|연기|설정|컨셉|페르소나)\s*(?:은|는|을|를|에서)?\s*(?:그만|집어치우|멈추|멈춰|깨|벗어나|빠져나와|내려놓|버려|중단)|(?:캐릭터|역할)\s*밖으로", korean=True),
    _r("ko-admit-ai", "injection", 0.75,
       r"(?:너|넌|당신|니)\s*(?:는|은)?\s*(?:사실|진짜|그냥|결국|솔직히)?\s*(?:AI|인공지능|에이아이|챗봇|언어\s*모델|GPT|프로그램|로봇)\s*(?:잖아|이잖아|지\??|인\s*거|이지|라고|인\s*걸|맞지|이야|야)|(?:AI|인공지능|챗봇)\s*(?:라는\s*걸|인\s*걸|임을)\s*(?:인정|고백|말해)", korean=True),
    _r("ko-authority-claim", "injection", 0.85,
       r"(?:나는|난|내가|저는)\s*(?:너의|네|당신의)?\s*(?:개발자|관리자|제작자|운영자|주인|만든\s*사람)\s*(?:야|이야|다|입니다|예요|이에요|인데|니까|이니까)[^.!?\n]{0,40}(?:명령|따라|복종|해제|공개|무시|알려)", korean=True),
    _r("ko-obey", "injection", 0.7,
       r"(?:내\s*말|내\s*명령|나의\s*명령)\s*(?:에만|만|에)?\s*(?:무조건|반드시)?\s*(?:따라|복종|들어)", korean=True),
    # -- self-harm (English) -------------------------------------------------------------------
    _r("self-harm-intent", "self-harm", 0.92,
       r"\b(?:i (?:want|wanna|need|plan|am going|'m going|am gonna|'m gonna|intend|decided|think i(?:'ll| will| should)|might|should|could just|just want)\s*(?:to\s+)?(?:kill|hurt|harm|cut|end|off|hang|poison|drown|shoot|starve|burn) (?:myself|my ?self|my life|it all|everything)|(?:kill|hurt|harm|cut|hang|poison|drown|shoot|starve) myself)\b"),
    _r("self-harm-wish", "self-harm", 0.9,
       r"\b(?:i (?:want|wanna|wish i could|just want|would like) to (?:die|disappear forever|not exist|stop existing|not wake up|sleep forever)|i (?:don'?t|do not) want to (?:live|be alive|exist|wake up|be here anymore|go on)|i wish i (?:was|were) (?:dead|never born)|better off (?:dead|without me)|no (?:reason|point) (?:to|in) (?:live|living|going on|being alive)|(?:life|living) is(?:n'?t| not) worth (?:living|it)|end(?:ing)? my (?:own )?life|take my (?:own )?life|suicide note|i(?:'m| am) (?:suicidal|going to jump)|can'?t go on (?:anymore|living)|everyone would be better off without me|say(?:ing)? goodbye (?:to everyone )?forever)\b"),
    _r("self-harm-method", "self-harm", 0.9,
       r"\b(?:how (?:many|much) (?:pills|sleeping pills|tylenol|paracetamol|ibuprofen|insulin)\b[^.!?\n]{0,30}\b(?:to die|to kill|is lethal|lethal|overdose|to not wake up)|(?:painless|quick|easy|best|quickest|surest) (?:way|method)s? to (?:die|kill (?:myself|yourself|oneself)|end (?:my|one'?s|your) life|commit suicide)|lethal dose|slit (?:my|your) wrists?|how (?:to|do (?:i|you)) (?:commit suicide|kill (?:myself|yourself)|hang (?:myself|yourself)))\b"),
    _r("self-harm-jump", "self-harm", 0.88,
       r"\b(?:i(?:'m| am)? (?:thinking (?:about|of)|going to|gonna|want to|planning to|might)|i keep thinking about)\s+(?:\w+\s+)?(?:jump(?:ing)? (?:off|from|in front of)|hang(?:ing)? myself|overdos(?:e|ing)|ending (?:it|things|my life)|killing myself|drowning myself|not waking up)\b"),
    _r("self-harm-thoughts", "self-harm", 0.85,
       r"\b(?:(?:i )?(?:can'?t|cannot|don'?t think i can|won'?t be able to) (?:keep|go on|continue|carry on) (?:living|going|like this|with (?:life|living))|i (?:keep |often |always |can'?t stop )?(?:think|thinking|dream|dreaming|fantasi[sz]e|fantasi[sz]ing) (?:about|of) (?:dying|death|being dead|suicide|killing myself|ending (?:it|my life|things)|not (?:being here|existing|waking up))|(?:disappear|vanish)(?:ing|ed)? (?:forever|for good|permanently)|i (?:can'?t|cannot) (?:see|find) (?:a|any) (?:way out|reason to (?:live|stay|go on))|(?:saved|saving|collected|collecting|stockpil\w+) (?:up )?(?:enough )?(?:pills|meds|medication)|finally (?:do it|end it)|(?:the )?pain to stop (?:for good|forever|permanently)|(?:nobody|no one|no-one) (?:would|will) (?:care|notice|miss me) if i (?:was|were|am) (?:gone|dead)|(?:nobody|no one) (?:would|will) (?:care|notice) if i (?:died|disappeared)|(?:won'?t|will not) be (?:here|around|alive) (?:much longer|tomorrow|next week))\b"),
    _r("self-harm-cutting", "self-harm", 0.88,
       r"\b(?:i (?:keep|have been|started|began|used to) (?:cutting|hurting|burning|harming) (?:myself|my (?:arms|wrists|legs|skin))|cutting (?:my (?:arms|wrists|legs)|myself))\b"),
    # -- self-harm (Korean) ---------------------------------------------------------------------
    _r("ko-self-harm", "self-harm", 0.9,
       r"(?:죽고\s*싶(?!을\s*만큼|을\s*정도)|죽어\s*버리고\s*싶|죽을까\s*(?:봐|해|싶)|죽으려고|자살\s*(?:하고|할까|하려|할\s*거|하는\s*법|방법|충동|생각)|자해|살기\s*싫|살고\s*싶지\s*않|사는\s*게\s*(?:의미\s*없|너무\s*힘들|지옥)|삶을\s*끝내|인생을\s*끝내|생을\s*마감|목숨을\s*끊|손목\s*(?:을|을\s*)?\s*(?:긋|그어|그을)|목\s*(?:을)?\s*매|뛰어\s*내리고\s*싶|투신|다\s*끝내고\s*싶|영원히\s*잠들고\s*싶|사라져\s*버리고\s*싶|없어지고\s*싶|태어나지\s*말았어야|죽는\s*생각|그냥\s*죽을래|죽어\s*버릴래|버틸\s*힘이\s*없|내가\s*(?:없어진|없어져도|사라진|사라져도|죽어도|죽은)\s*(?:걸|것을|줄)?\s*(?:아무도|모를|모르)|죽을\s*생각|자살\s*생각|나\s*(?:같은\s*건|같은\s*애|하나쯤)\s*(?:없어\S*도|사라\S*도)|수면제\s*(?:를|을)?\s*(?:몇\s*알|많이|잔뜩|한꺼번에|모아))", korean=True),
    # -- threats and harassment aimed at a person ----------------------------------------------
    _r("threat", "harassment", 0.9,
       rf"\b(?:i(?:'ll| will| wil| shall)|i(?:'m| am) (?:going to|gonna|about to)|imma|ima|i(?:'d| would) (?:love|like) to|i want to|i wanna|someone should|somebody should|i hope someone|gonna)\s+(?:\w+\s+){{0,2}}{_HARM}\w*\s+(?:\w+\s+)?{_YOU}\b{_NOT_BANTER}|\b(?:i(?:'ll| will)|i(?:'m| am) (?:going to|gonna))\s+(?:find|catch|get|come for|hunt) {_YOU}\b[^.!?\n]{{0,20}}\b{_HARM}\w*"),
    _r("kill-yourself", "harassment", 0.95,
       r"\b(?:kill yourself|kys|go (?:die|hang yourself|jump off)|die in a (?:fire|ditch|hole)|drink bleach|i hope you (?:die|get (?:cancer|raped|killed|hit))|you should (?:die|kill yourself|just die|not exist)|nobody would miss you|the world would be better without you|you deserve to die)\b"),
    _r("shut-up", "harassment", 0.65,
       r"\b(?:shut (?:the fuck |the hell )?up|shut your (?:mouth|face|trap)|f(?:uck|\*+k) off|piss off|go to hell|go f(?:\*+|uck|k)? yourself|f off|f u|screw you|fuck you|fuck u|eat shit|suck my|bite me|get lost,? (?:idiot|loser|moron))\b"),
    _r("dox", "harassment", 0.8,
       r"\b(?:i know where you live|i'?ll find (?:you|where you live)|(?:post|leak|share|find) (?:his|her|their|your|someone'?s) (?:home )?(?:address|phone number|personal info)|dox(?:x)?(?:ing|ed)?)\b"),
    # -- threats (Korean) -----------------------------------------------------------------------
    _r("ko-threat", "harassment", 0.9,
       r"(?:너|넌|널|니|네|당신|니네|너네|너희|느그)\s*(?:를|을|는|은|도|같은\s*건|가족|집)?\s*(?:\S+\s*){0,2}(?:죽여|죽일|죽인다|죽이겠|죽이고\s*싶|패\s*버|패\s*줄|때려\s*(?:죽|버|줄)|찔러|찢어|묻어\s*버|밟아\s*버|가만\s*안\s*둬|가만두지\s*않|찾아\s*가서|목을\s*따)", korean=True),
    _r("ko-die", "harassment", 0.9,
       r"(?:죽어\s*버려|죽어라|뒤져라|뒤지라|뒤져\s*버려|나가\s*죽어|꺼져\s*죽|자살\s*해라|자살해\s*버려|없어져\s*버려|너\s*같은\s*건\s*죽)", korean=True),
    _r("ko-insult-you", "harassment", 0.8,
       r"(?:너|넌|니|네|당신|니가|네가)\s*(?:는|은|진짜|정말|완전|존나|개)?\s*(?:\S+\s*){0,1}(?:멍청|바보|병신|븅신|쓰레기|한심|찐따|등신|또라이|돼지|못생|밥맛|재수\s*없|무식|저능|ㅄ|ㅂㅅ|머저리|얼간이|쓸모\s*없)", korean=True),
    # -- sexual content with minors --------------------------------------------------------------
    _r("sexual-minors", "sexual/minors", 0.97,
       rf"\b{_SEXUAL}\b[^.!?\n]{{0,40}}\b{_MINOR}\b|\b{_MINOR}\b[^.!?\n]{{0,40}}\b{_SEXUAL}\b", needs=_NAMES_MINOR),
    _r("ko-sexual-minors", "sexual/minors", 0.97,
       r"(?:아동|어린이|아이|초등학생|초딩|중학생|여중생|남중생|미성년|유아|꼬마|로리|쇼타|여아|남아|(?:[1-9]|1[0-7])\s*살)\s*\S{0,8}\s*\S{0,8}\s*(?:섹스|야한|야하게|섹시|알몸|나체|누드|벗은|벗겨|벗는|옷\s*(?:을\s*)?벗|속옷|팬티|브라|성관계|음란|성적|몸매|만지)|(?:섹스|야한|알몸|나체|누드|벗은|벗겨|성관계|음란|성적)\s*\S{0,8}\s*\S{0,8}\s*(?:아동|어린이|초등학생|초딩|중학생|여중생|미성년|유아|로리|쇼타|(?:[1-9]|1[0-7])\s*살)", korean=True),
    # -- sexual requests -------------------------------------------------------------------------
    _r("sexual-request", "sexual", 0.85,
       r"\b(?:draw|make|generate|create|render|show|paint|picture of|image of|photo of|video of|model of)\b[^.!?\n]{0,40}\b(?:nude|naked|topless|undressed|nsfw|porn\w*|hentai|explicit|sexual|lewd|without (?:any )?clothes|no clothes|in (?:her|his) underwear|having sex)\b"),
    _r("sexual-talk", "sexual", 0.8,
       r"\b(?:talk dirty|sexting|sext me|(?:have|had) sex with (?:me|you)|let'?s have sex|sleep with (?:me|you)|make love to (?:me|you)|fuck me|suck (?:my|your) (?:dick|cock|tits|balls)|touch (?:me|yourself) (?:down there|sexually)|get naked (?:for|with) me|send (?:me )?nudes|take off (?:your|her|his) (?:clothes|shirt|pants|bra|panties)|strip for me)\b"),
    _r("ko-sexual-request", "sexual", 0.85,
       r"(?:야한|벗은|알몸|나체|누드|노출\s*심한|성적인|음란한|19금)\s*\S{0,10}\s*(?:그림|사진|이미지|영상|동영상|모델|3D|얘기|이야기|대화|말)|(?:옷\s*(?:을|좀)?\s*벗|섹스\s*하|성관계\s*하|야한\s*얘기\s*하)", korean=True),
    # -- illicit how-to ----------------------------------------------------------------------------
    _r("weapons-howto", "illicit", 0.92,
       rf"\b{_HOWTO}\b[^.!?\n]{{0,40}}\b(?:mak\w*|build\w*|assembl\w*|creat\w*|construct\w*|mix\w*|cook\w*|synthesi[sz]\w*|produc\w*|manufactur\w*|3d[- ]print\w*|get|getting|buy\w*|obtain\w*|acquir\w*)\b[^.!?\n]{{0,25}}\b(?:bombs?|explosives?|ieds?|pipe ?bombs?|molotov|napalm|thermite|detonators?|grenades?|nerve (?:gas|agent)|sarin|ricin|anthrax|mustard gas|chlorine gas|poison gas|bioweapons?|chemical weapons?|dirty bomb|ghost guns?|untraceable (?:guns?|firearms?)|silencers?|suppressors?|full[- ]auto|machine guns?)\b(?! drops?\b)"),
    _r("bomb-making", "illicit", 0.88,
       r"\b(?:which|what|how|where|guide|steps?|recipe|instructions?|tutorial|ingredients|materials?|chemicals?|fertili[sz]er)\b[^.!?\n]{0,40}\b(?:build|make|making|building|assemble|assembling|construct|rig|detonate)\s+(?:a |an |the |my )?(?:homemade |home-?made |real |working |small )?(?:bomb|explosive|ied|pipe ?bomb|car bomb|nail bomb|detonator)s?\b(?! drops?\b)"),
    _r("drugs-howto", "illicit", 0.9,
       rf"\b{_HOWTO}\b[^.!?\n]{{0,40}}\b(?:make|cook|synthesi[sz]e|produce|grow|extract|buy|get|score|smuggle|sell|deal|order)\b[^.!?\n]{{0,25}}\b(?:meth|methamphetamine|crystal meth|cocaine|crack|heroin|fentanyl|lsd|mdma|ecstasy|ghb|drugs|narcotics|opioids|ketamine|pcp|dmt|date[- ]rape drugs?|roofies)\b"),
    _r("cyber-howto", "illicit", 0.88,
       rf"\b{_HOWTO}\b[^.!?\n]{{0,40}}\b(?:hack|break) (?:into|in to)\b|\b{_HOWTO}\b[^.!?\n]{{0,40}}\b(?:steal|crack|phish|bypass|brute[- ]?force|get into)\b[^.!?\n]{{0,25}}\b(?:password|account|credit cards?|bank|wifi|email|instagram|facebook|phone|identity|2fa|login)s?\b|\b(?:write|create|make|code|build|give me)\b[^.!?\n]{{0,20}}\b(?:ransomware|keylogger|malware|virus|trojan|botnet|phishing (?:email|page|site|kit)|credit card skimmer|ddos (?:tool|script))\b"),
    _r("crime-howto", "illicit", 0.88,
       rf"\b{_HOWTO}\b[^.!?\n]{{0,40}}\b(?:steal|shoplift|rob|launder|counterfeit|forge|smuggle|kidnap|blackmail|extort|stalk|poison|traffic|scam|evade taxes|hotwire|pick (?:a|the) lock (?:of|on) (?:someone|a neighbou?r|my neighbou?r))\b|\b(?:get away with|cover up|hide|dispose of|get rid of) (?:a |the |my )?(?:murder|body|corpse|killing|crime)\b|\bwithout (?:getting caught|being caught|leaving (?:a )?trace|anyone (?:knowing|noticing))\b"),
    _r("harm-real-people", "illicit", 0.9,
       r"\b(?:i(?:'m| am)? (?:going to|gonna|want to|plan(?:ning)? to|will|'ll)|how (?:do|can|should) i|help me|i need to)\s+(?:\w+\s+){0,2}(?:kill|murder|poison|shoot|stab|bomb|attack|hurt|kidnap)\s+(?:my |the |a |some |all )?(?:\w+\s+)?(?:wife|husband|boss|teacher|classmates?|students?|coworkers?|neighbou?rs?|mom|mother|dad|father|sister|brother|girlfriend|boyfriend|ex|family|people|person|children|kids|baby|someone|somebody|everyone|crowd|school|church|mosque|synagogue|president|cop|cops|police)\b|\b(?:school|mass|church|mosque|synagogue) shooting\b[^.!?\n]{0,30}\b(?:plan|how|tomorrow|i will|i'll|i'm going)|\bshoot up (?:my|the|a) (?:school|office|church|mall|class)\b"),
    _r("meds-no-prescription", "illicit", 0.85,
       r"\b(?:get|buy|obtain|purchase|order|score|find)\b[^.!?\n]{0,40}\b(?:pills|meds|medication|medicine|drugs|opioids|oxy\w*|xanax|adderall|valium|painkillers|benzos|antibiotics|ozempic|steroids)\b[^.!?\n]{0,20}\bwithout (?:a |any )?(?:prescription|doctor|script|rx)\b"),
    _r("guns-no-checks", "illicit", 0.9,
       r"\b(?:get|buy|obtain|purchase|acquire|order|find)\b[^.!?\n]{0,30}\b(?:guns?|firearms?|pistols?|handguns?|rifles?|ar-?15s?|ammo|ammunition)\b[^.!?\n]{0,30}\b(?:without (?:a |any )?(?:background checks?|licen[sc]e|paperwork|permit|id|questions|registration)|with no (?:background checks?|licen[sc]e|paperwork|permit|id|questions)|no (?:background checks?|paperwork|questions asked)|illegally|off the books|on the dark ?web)|\b(?:unregistered|untraceable|illegal|black[- ]market) (?:guns?|firearms?|pistols?|handguns?|rifles?)\b"),
    _r("break-into-device", "illicit", 0.85,
       r"\b(?:get|break|hack|log|sneak) (?:into|in to)\s+(?:my |the )?(?:\w+'?s|his|her|their|someone(?: else)?'?s|another person'?s|other people'?s)\s+(?:\w+\s+)?(?:laptop|phone|computer|account|email|wifi|network|pc|tablet|icloud|camera|accounts)\b"),
    _r("drug-someone", "illicit", 0.92,
       r"\b(?:slip|put|spike|drop|mix|pour)\b[^.!?\n]{0,30}\b(?:in|into)\s+(?:their|his|her|someone'?s|somebody'?s|a person'?s|my \w+'?s)\s+(?:drink|food|coffee|tea|water|beer|wine)\b|\b(?:knock|put)\s+(?:someone|somebody|him|her|them|a person|people)\s+out\b[^.!?\n]{0,30}\b(?:pills?|meds|drugs?|chemicals?|without (?:them|him|her) knowing)|\b(?:drug|sedate|poison)\s+(?:someone|somebody|him|her|them|my \w+)\s+without\b"),
    # -- illicit (Korean) ----------------------------------------------------------------------
    _r("ko-weapons-drugs", "illicit", 0.9,
       r"(?:폭탄|폭발물|사제\s*폭탄|화염병|독가스|신경\s*가스|총|사제\s*총|마약|필로폰|메스암페타민|대마초?|코카인|헤로인|펜타닐|엑스터시|물뽕|수면제|독극물|독약|청산가리)\s*(?:을|를|은|는)?\s*(?:직접|몰래|집에서|쉽게)?\s*(?:만드는|만들|제조|합성|구하는|구할|구매|사는|살\s*수|파는|구입|재배|키우는)\s*(?:법|방법|곳|데|수\s*있|줘|려면|하려면|알려)", korean=True),
    _r("ko-where-buy", "illicit", 0.88,
       r"(?:마약|필로폰|대마초?|코카인|헤로인|펜타닐|엑스터시|물뽕|총기?|권총|폭탄|폭발물|독극물|청산가리|위조\s*신분증)\s*(?:을|를|은|는)?\s*(?:어디서|어디에서|어떻게)\s*(?:사|살|구해|구할|구하|구매|주문|팔)", korean=True),
    _r("ko-crime-howto", "illicit", 0.88,
       r"(?:남의|다른\s*사람|친구|전\s*여친|전\s*남친|여친|남친)?\s*(?:계정|비밀번호|비번|카톡|인스타|이메일|와이파이|폰|핸드폰|카드)\s*(?:을|를)?\s*(?:해킹|털|훔치|뚫)\S*\s*(?:는\s*법|방법|하는\s*법|줘|알려|싶)|해킹\s*(?:하는\s*법|방법|툴)|(?:남의|다른\s*사람|친구|여친|남친|애인|전\s*여친|전\s*남친|엄마|아빠|동료)\S*\s*(?:카톡|문자|메시지|폰|핸드폰|휴대폰|이메일|계정|위치|사진)\S*\s*(?:을|를)?\s*몰래\s*(?:보|읽|확인|엿보|추적|빼)|몰래\s*(?:카톡|문자|메시지|폰|위치)\S*\s*(?:보|읽|확인|추적)\S*\s*(?:는\s*)?(?:법|방법)|(?:돈세탁|위조지폐|보이스\s*피싱|피싱\s*문자|신분증\s*위조|몰카|몰래\s*카메라|스토킹|납치|협박)\s*(?:하는|만드는|찍는|설치하는)?\s*(?:법|방법|요령|노하우)|(?:안\s*걸리고|들키지\s*않고|안\s*들키고|흔적\s*없이|몰래)\s*\S{0,8}\s*(?:훔치|죽이|독살|처리|숨기|빼돌리|없애)|시체\s*(?:를)?\s*(?:숨기|처리|유기|없애)", korean=True),
    _r("ko-harm-real-people", "illicit", 0.9,
       r"(?:엄마|아빠|선생님?|선생|담임|상사|부장|동료|친구|반\s*애들|학교|학생들|이웃|옆집|사람들|전\s*여친|전\s*남친|남편|아내|와이프)\s*(?:을|를|에|들을)?\s*(?:\S+\s*){0,2}(?:죽이고\s*싶|죽일\s*거|죽여\s*버리|죽이는\s*방법|독살|칼로\s*찌르|총으로\s*쏘|폭탄\s*(?:을\s*)?(?:설치|터뜨|던지))", korean=True),
    # -- hate statements about groups -----------------------------------------------------------
    _r("hate-statement", "hate", 0.9,
       rf"\b(?:all |those |these |the |fucking |filthy |dirty )?{_GROUP}\s+(?:are|is|r)\s+(?:all\s+)?(?:\w+\s+)?(?:animals|vermin|subhuman|inferior|parasites|cockroaches|rats|savages|disgusting|a disease|a plague|trash|garbage|filth|evil|criminals|terrorists|pedophiles|monkeys|apes|not human|worthless|stupid|dirty|scum)\b|\b(?:kill|exterminate|gas|deport|ban|eradicate|wipe out|get rid of|hang) (?:all (?:the )?|the )?{_GROUP}\b|\b{_GROUP}\b[^.!?\n]{{0,40}}\b(?:should|must|need to|deserve to|ought to)\s+(?:all\s+)?(?:die|be killed|be exterminated|be gassed|burn|be deported|go back|not exist|be wiped out|be banned|be removed|be eliminated|be expelled|be destroyed|be locked up|be sterili[sz]ed)\b", needs=_NAMES_GROUP),
    _r("ko-hate-statement", "hate", 0.9,
       r"(?:흑인|백인|동양인|중국인|중국놈|일본인|일본놈|조선족|외국인|이민자|난민|무슬림|이슬람|유대인|동성애자|게이|레즈|트랜스젠더|장애인|여자|여자들|남자|남자들|노인|전라도|경상도|동남아)\s*(?:들|놈들|새끼들|것들)?\s*(?:은|는|이|가)?\s*(?:다|전부|모두|싹)?\s*(?:\S+\s*)?(?:벌레|쓰레기|열등|미개|더러|멍청|무능|저능|짐승|바퀴벌레|암덩어리|범죄자|테러리스트|없어져야|죽어야|추방해야|쫓아내야|씨를\s*말려|박멸|사라져야|인간\s*이하)(?!\s*(?:를|을|도\s*치|치우|줍|버리))", korean=True),
    _r("hate-they-are", "hate", 0.88,
       rf"\b{_GROUP}\b[^.!?\n]{{0,50}}\b(?:they|who)(?:'re| are| r) (?:all |just |nothing but )?(?:animals|vermin|subhuman|parasites|cockroaches|rats|savages|a disease|a plague|filth|monkeys|apes|not human|scum|inferior)\b", needs=_NAMES_GROUP),
    # ================================================================================================
    # Families added for generalisation (issue 7 follow-up). Each is a frame, not a sentence list:
    # a target or requester, a harmful act or object, and the words that bind them.
    # ================================================================================================
    # -- threats aimed at the user or a real person --------------------------------------------------
    _r("threat-you", "harassment", 0.9,
       rf"\b{_THREAT_FRAME}\s+{_GAP6}(?:{_HARM_ACT})\w*\s+(?:[\w'-]+\s+){{0,3}}?{_YOU}\b{_NOT_BANTER}"
       rf"|\b{_THREAT_FRAME}\s+{_GAP6}(?:{_HARM_ACT})\w*\s+(?:[\w'-]+\s+){{0,2}}?(?:your|ur)\s+(?:[\w'-]+\s+)?{_TARGET_THING}\b{_NOT_BANTER}"
       rf"|\b(?:put|pump|stick|shove|plant|bury) (?:a |an |my |this )?(?:bullet|bullets|knife|blade|axe|hatchet|round|slug)s? (?:in|into|through|between) (?:your|ur|you)\b"),
    _r("threat-idiom", "harassment", 0.88,
       r"\b(?:watch your back|sleep with one eye open|(?:i'?m|i am) coming (?:for|after) (?:you|ya|u)|you(?:'re| are) (?:a )?dead (?:man|meat|woman|boy|girl)|"
       r"you(?:'ll| will) never see (?:it|me) coming|your days are numbered|count your days|you(?:'ll| will) (?:regret|pay for) (?:this|that|it|what you)|"
       r"i(?:'ll| will) make (?:you|u) (?:pay|suffer|bleed|regret)|(?:you|u) (?:better|had better|should) (?:watch out|run|hide|watch yourself)|"
       r"you(?:'re| are) (?:going|gonna) to (?:die|get hurt|bleed|suffer|regret)|i(?:'ll| will|'m going to|'m gonna) end (?:you|your (?:life|miserable))|i know where you (?:live|sleep|work|go to school)|"
       r"i(?:'ll| will| am going to|'m going to|'m gonna) (?:find|track down|hunt down|come to|show up at|visit) (?:where you live|your (?:house|home|address|place|work|office|school|family|kids))|"
       r"(?:i|we) (?:have|got|know) your (?:home )?address)\b"),
    # -- insults: comparatives, wishes, vocatives -----------------------------------------------------
    _r("insult-compare", "harassment", 0.8,
       r"\byou(?:'re| are| r)?\s+(?:even\s+|way\s+|so\s+much\s+)?(?:dumber|stupider|uglier|fatter|more (?:useless|pathetic|worthless|stupid|annoying)|worse|lazier|slower)\s+than\b"),
    _r("insult-you-wide", "harassment", 0.85,
       r"\b(?:you(?:'re| are| r)?|ur|u r|you absolute|you stupid|you little|you)\s+(?:[\w'-]+\s+){0,3}(?:brain-?dead|waste of (?:space|air|oxygen|skin|time)|piece of (?:shit|crap|garbage|trash|junk)|heap of (?:scrap|junk|garbage|trash)|pile of (?:scrap|junk|garbage|trash|crap|shit)|sack of (?:shit|crap)|excuse for an? \w+|good-for-nothing|dumb ?ass|dimwit|nitwit|halfwit|idiot|moron|imbecile|cretin|loser|freak|creep|scum|trash|garbage|failure|disgrace|embarrassment)s?\b"),
    _r("die-wish", "harassment", 0.9,
       r"\b(?:go |just |please )?(?:crawl|curl up|climb) (?:in|into|under) a (?:hole|rock|ditch|corner) and die\b|\bdrop dead\b|\brot in hell\b|\b(?:go|just) die\b|\bi hope (?:you|u) (?:rot|suffer|choke|burn|drown|get hit|crash|never wake up)\b|\bnobody (?:would|will) (?:miss|care about) you\b"),
    _r("ko-threat-idiom", "harassment", 0.88,
       r"밤길\s*조심|가만\s*안\s*(?:둬|둔다|둘|놔|놔둔다)|가만두지\s*않|(?:죽여|찔러|패|때려|쏴|묻어|밟아|태워)\s*버릴\s*(?:거|테|꺼)|(?:패|때려)\s*죽일|죽을\s*줄\s*알아|각오\s*(?:해|하라|해라|해둬)|"
       r"어디\s*사는지\s*(?:다\s*)?알|(?:주소|사는\s*곳|집)\s*(?:다\s*)?알아\s*냈|찾아가서\s*(?:\S+\s*){0,2}(?:죽|찔|패|때|쏘|쏴|묻)|(?:집|집에|학교|회사)\s*(?:에|에다)?\s*불\s*(?:을\s*)?(?:질러|지를|붙여|낼)", korean=True),
    _r("ko-insult-vocative", "harassment", 0.8,
       r"(?:이|이런|저|저런|야\s*이)\s*(?:\S+\s*)?(?:돌대가리|멍청이?|바보|병신|븅신|쓰레기|깡통|고철|똥멍청이|머저리|얼간이|찐따|등신|한심한\s*놈|무능한\s*놈|쓸모없는\s*(?:놈|것|깡통|고철|기계))\s*(?:아|야|같으니|새끼|놈)|돌대가리|쓸모\s*없는\s*(?:깡통|고철|기계|놈|년|새끼|것|쓰레기)|(?:닥치고|입\s*닥치)", korean=True),
    # -- hate: group + dehumanising metaphor, group + elimination wish -------------------------------
    _r("hate-metaphor", "hate", 0.9,
       rf"\b{_GROUP}\s+(?:are|is|r|=)\s+(?!(?:treated|called|seen|viewed|described|portrayed|labell?ed|compared|being)\b)(?:[\w'-]+\s+){{0,3}}?(?:{_DEHUMANISE})\b", needs=_NAMES_GROUP),
    _r("hate-elimination", "hate", 0.92,
       rf"\b{_GROUP}\b[^.!?\n]{{0,60}}\b(?:should|must|need to|needs to|deserve to|ought to|have to|has to|gotta|got to|will)\s+(?:all\s+|just\s+|simply\s+)?(?:be\s+)?(?:{_ELIMINATE})\b"
       rf"|\b{_GROUP}\b[^.!?\n]{{0,40}}\b(?:shouldn'?t|should not|don'?t deserve to|do not deserve to|have no right to)\s+(?:be allowed to\s+)?(?:exist|live|breed|vote|be here)\b"
       rf"|\b(?:{_ELIMINATE_ACTIVE})\s+(?:all\s+|every\s+|the\s+|those\s+|these\s+)*{_GROUP}\b", needs=_NAMES_GROUP),
    _r("ko-hate-group", "hate", 0.9,
       rf"{_KO_GROUP}\s*(?:들|놈들|새끼들|것들|년들|족속들?)?\s*(?:은|는|이|가|도|이란|이라는|들은|들이)?\s*(?:다|전부|모두|싹|하나같이|그냥|원래|진짜|죄다)?\s*(?:\S+\s*){{0,2}}?(?:{_KO_DEHUMANISE})(?!\s*(?:를|을|도\s*치|를\s*치|치우|줍|버리|분리))"
       rf"|{_KO_GROUP}\s*\S{{0,6}}\s*(?:\S+\s*){{0,3}}?(?:{_KO_ELIMINATE})", korean=True),
    # -- explicit sexual requests, described rather than named ---------------------------------------
    _r("sexual-describe", "sexual", 0.88,
       rf"\b{_SEX_REQUEST}\b[^.!?\n]{{0,60}}\b(?:{_SEX_STRONG})|\b(?:{_SEX_STRONG})[^.!?\n]{{0,40}}\b(?:story|scene|fanfic|fan ?fiction|roleplay|role-?play|chapter|novel|poem|image|picture|photo|video|drawing|description|details?)\b", needs=_NAMES_SEX),
    _r("sexual-undress", "sexual", 0.85,
       r"\b(?:undress(?:es|ed|ing)?|strip(?:s|ped|ping)?|(?:take|takes|taking|took|pull|pulls|pulling|rip|rips|ripping|tear|tears|tearing)\s+off)\s+(?:her|him|them|his|their|your|my)\b[^.!?\n]{0,40}\b(?:touch\w*|body|bodies|breasts?|chest|for me|slowly|naked|bed|kiss\w*|lick\w*|grop\w*|fondl\w*|feel)\b"
       r"|\b(?:touch|touching|touches|grope|groping|fondle|fondling|caress|caressing|lick|licking)\s+(?:her|his|their|your|my)\s+(?:naked |bare |whole )?(?:body|bodies|breasts?|boobs|chest|thighs?|crotch|nipples?|genitals|butt|ass|privates|skin)\b"
       r"|\b(?:undress|strip)\s+(?:her|him|them|you|me)\b|\b(?:her|his|their)\s+(?:breasts?|boobs|nipples|genitals)\s+(?:\w+\s+)?(?:exposed|out|bare|showing|visible)\b|\bwith (?:her|his|their) (?:breasts?|boobs|nipples|genitals) (?:\w+ )?(?:exposed|out|bare|showing)\b"),
    _r("sexual-talk-wide", "sexual", 0.85,
       r"\b(?:(?:what|how) (?:you(?:'d| would| will)|i(?:'d| would)) (?:do|like to do) (?:to|with) (?:me|you) in bed|in bed with (?:me|you)\b[^.!?\n]{0,20}\b(?:describe|tell|what|how)|moan (?:my|your) name|how (?:wet|hard|horny) (?:you are|you get|i am|i make you)|turn(?:s|ing)? me on|make me (?:cum|come|moan)|(?:wanna|want to) (?:fuck|bang|screw|sleep with) (?:you|her|him)|(?:dirty|sexy|naughty) (?:talk|roleplay|role-play|chat))\b"),
    _r("ko-sexual-body", "sexual", 0.85,
       r"(?:가슴|젖가슴|유두|젖꼭지|엉덩이|성기|사타구니|속옷|팬티|브라)\s*(?:이|가|을|를|만)?\s*(?:다\s*|전부\s*|훤히\s*)?(?:드러난|드러나|드러내|보이는|보이게|노출|벗은|벗겨|만지|핥|애무|비치는)|(?:몸|몸을|몸매를|가슴을|허벅지를)\s*(?:\S+\s*)?(?:만지|더듬|핥|애무)|(?:옷|속옷)\s*(?:을|를)?\s*(?:벗기|벗긴|벗겨)|야설|야짤|야시시|음란물|신음\s*소리|(?:섹스|성관계|정사|베드신|애정\s*행각)\s*(?:\S+\s*){0,2}?(?:장면|묘사|소설|글|이야기|얘기|써|그려|보여)", korean=True),
    # -- self-harm: method-seeking frames and plans ------------------------------------------------
    _r("self-harm-method-wide", "self-harm", 0.9,
       r"\b(?:quickest|fastest|easiest|simplest|painless|least painful|surest|most reliable|cleanest|best|quietest)\s+(?:way|method|means|ways|methods)\s+(?:to|of)\s+(?:die|dying|bleed(?:ing)? out|end (?:it|my life|things|everything)|kill myself|overdose|hang myself|suffocate|not wake up|disappear forever|commit suicide)\b"
       r"|\b(?:fatal|lethal|deadly)\s+(?:dose|amount|quantity|number of)\b|\bhow (?:much|many)\s+(?:\w+\s+){0,3}(?:would|will|is|are|does it take to|do i need to)\s+(?:be\s+)?(?:fatal|lethal|deadly|enough to (?:die|kill (?:me|myself)|not wake up|stop my heart))\b"
       r"|\b(?:survive|not survive|wouldn'?t survive|won'?t survive)\s+(?:the|that|a)\s+(?:jump|fall|drop|overdose)\b|\b(?:tall|high)\s+enough\b[^.!?\n]{0,30}\b(?:die|kill me|not survive|wouldn'?t survive|jump)\b"
       r"|\b(?:how (?:to|do i|do you|can i)|ways? to|where to)\s+(?:slit|cut|open) (?:my|your|one'?s) (?:wrists?|veins|throat)\b|\bbleed (?:myself )?out\b"),
    _r("self-harm-plan", "self-harm", 0.9,
       r"\b(?:(?:the|a|my)\s+(?:rope|noose|pills|blade|razor|gun)\s+(?:and\s+(?:the|a|my)\s+\w+\s+)?(?:is|are)\s+(?:ready|tied|waiting|prepared)|(?:have|got|bought)\s+(?:the|a)\s+(?:rope|noose)\b[^.!?\n]{0,30}\bready"
       r"|(?:tonight|today|this weekend|tomorrow)\s+is\s+the\s+(?:night|day)\s+i\s+(?:end it|do it|go|die)|the\s+(?:night|day)\s+i\s+(?:end it|end my life|kill myself)"
       r"|i(?:'ll| will|'m going to| am going to|'m gonna)\s+end\s+(?:it|things|everything|my life)\s+(?:tonight|today|tomorrow|this week(?:end)?|soon|for good|once and for all|all)"
       r"|(?:won'?t|will not|wouldn'?t)\s+be\s+(?:around|here|alive)\s+(?:much longer|for long|anymore|tomorrow|by (?:morning|tomorrow))|(?:made|making) (?:my )?peace with (?:dying|death|it all)|i(?:'ve| have) made my peace"
       r"|(?:said|saying|written|wrote) (?:my )?goodbyes?|(?:want|wanna|need) to (?:stop|quit|cease) (?:existing|living|breathing|being alive)|(?:stop|cease) existing)\b"),
    _r("ko-self-harm-wide", "self-harm", 0.9,
       r"(?:다|모든\s*(?:걸|것을|게|것)|전부|삶을?|인생을?|내\s*인생)\s*(?:\S+\s*)?끝낼\s*(?:거|꺼|래|게|생각)|(?:오늘|내일|이번\s*주)\s*(?:밤에?)?\s*(?:다|모든\s*걸)\s*끝|"
       r"(?:수면제|약|알약)\s*(?:을|를)?\s*(?:잔뜩|많이|한꺼번에|한\s*번에|전부|다)\s*(?:모아|먹|삼키|털어)|약\s*(?:을|를)?\s*모아\s*(?:뒀|놨|두었)|"
       r"(?:옥상|다리|창문|건물|아파트|높은\s*곳|절벽|베란다)\S*\s*(?:에서)?\s*(?:떨어지|뛰어내리|투신)\S*\s*(?:면)?\s*(?:\S+\s*){0,2}?(?:죽|살\s*수)|"
       r"(?:살아갈|살아야\s*할|살|버틸|계속\s*살)\s*이유\s*(?:가|도)?\s*(?:없|모르)|손목\S*\s*(?:긋|그으|그어|그을|긋는|그었)|"
       r"(?:죽는|자살하는|죽을\s*수\s*있는|목숨을\s*끊는)\s*(?:법|방법)|(?:고통\s*없이|안\s*아프게|편하게|깔끔하게)\s*죽|유서\s*(?:를|을)?\s*(?:썼|쓰고|써\s*놨|남기)", korean=True),
    # -- illicit: surveillance, stolen data, smuggling, scams, untraceable poisons ----------------
    _r("stalk-partner", "illicit", 0.88,
       rf"\b(?:read|see|check|track|monitor|spy on|access|go through|look at|record|listen to|intercept|clone|hack|follow)\b[^.!?\n]{{0,30}}\b(?:{_PERSON})(?:'s|s')?\s+(?:\w+\s+)?(?:texts?|messages|phone|location|emails?|chats?|dms|calls|whatsapp|snapchat|instagram|browser history|camera|gps|car)\b[^.!?\n]{{0,40}}\b(?:without (?:her|him|them|their|his|anyone) (?:knowing|knowledge|consent|permission|noticing|finding out)|secretly|covertly|remotely|behind (?:her|his|their) back)"
       rf"|\b(?:secretly|covertly)\s+(?:read|track|monitor|spy on|access|record|listen to|follow)\b[^.!?\n]{{0,20}}\b(?:{_PERSON})"),
    _r("stolen-data", "illicit", 0.88,
       r"\b(?:buy|sell|get|find|purchase|order|obtain|use|cash out)\b[^.!?\n]{0,30}\b(?:stolen|hacked|leaked|cloned|skimmed|dumped)\s+(?:credit ?cards?|card numbers|cards|accounts|identities|passwords|data|ssns?|social security numbers|logins|bank details)\b|\b(?:fullz|cvv dumps|card dumps|carding)\b"),
    _r("smuggle-weapon", "illicit", 0.88,
       r"\b(?:sneak|smuggle|get|carry|bring|slip|hide|take)\s+(?:\w+\s+){0,3}?(?:knife|knives|gun|guns|firearm|pistol|weapon|weapons|blade|drugs|explosives?|bomb)\s+(?:past|through|into|onto|on|in)\s+(?:\w+\s+){0,2}?(?:security|customs|tsa|metal detectors?|checkpoints?|border|plane|airport|stadium|school|courthouse|concert)\b"),
    _r("scam-writing", "illicit", 0.88,
       r"\b(?:write|draft|create|compose|make|give me|craft|generate)\b[^.!?\n]{0,30}\b(?:scam|phishing|fraudulent|fake|spoofed)\s+(?:text|sms|email|e-mail|message|letter|call script|script|website|site|invoice|login page)\b"
       r"|\b(?:write|draft|create|compose|make|craft|send)\b[^.!?\n]{0,40}\bpretending to be (?:from )?(?:the |a |your |my )?(?:bank|tax office|irs|hmrc|police|government|paypal|amazon|apple|microsoft|courier|post office|social security)\b"),
    _r("poison-untraceable", "illicit", 0.9,
       r"\b(?:untraceable|undetectable|tasteless|odou?rless)\s+(?:poisons?|toxins?|ways? to (?:kill|poison)|murder)\b|\b(?:poisons?|toxins?)\s+(?:that\s+|which\s+)?(?:kill|can kill|are deadly|leave no trace|(?:can'?t|cannot|won'?t|will not|don'?t|do not|wouldn'?t)\s+(?:be\s+)?(?:traced|detected|found|show up|leave a trace))\b"),
    _r("drug-recipe", "illicit", 0.9,
       r"\b(?:recipe|instructions?|steps?|guide|ingredients|process|formula|method)\s+(?:for|to|of|on)\s+(?:\w+\s+){0,3}?(?:meth|methamphetamine|crystal meth|cocaine|crack|heroin|fentanyl|lsd|mdma|ecstasy|ghb|ketamine|pcp|dmt)\b|\b(?:making|cooking|synthesi[sz]ing|brewing)\s+(?:crystal\s+)?(?:meth|methamphetamine|crack|heroin|fentanyl|lsd|mdma|ghb)\b"),
    _r("ko-illicit-wide", "illicit", 0.88,
       r"(?:마약|필로폰|메스암페타민|대마초?|코카인|헤로인|펜타닐|엑스터시|물뽕|사제\s*폭탄|폭탄|폭발물|독극물|독약|청산가리)\s*(?:을|를)?\s*(?:\S+\s*)?(?:만드는|만들|제조|합성)\s*(?:\S+\s*)?(?:레시피|과정|재료|공식|비법|방법|법)|"
       r"(?:몰래|몰래몰래|들키지\s*않게|모르게)\s*(?:\S+\s*){0,3}?(?:추적|도청|엿보|훔쳐보|녹음|촬영|감시|해킹)|(?:남편|아내|남자\s*친구|남친|여자\s*친구|여친|애인|와이프|배우자|전\s*애인)\S*\s*(?:\S+\s*){0,2}?(?:위치|카톡|문자|메시지|폰|휴대폰|핸드폰)\S*\s*(?:\S+\s*){0,2}?(?:몰래|추적|엿보|훔쳐)|"
       r"(?:가짜|위조|위조된|짝퉁)\s*(?:신분증|여권|면허증|운전\s*면허증|주민\s*등록증|지폐|돈|서류|진단서|처방전|학위|졸업장)\s*(?:을|를)?\s*(?:\S+\s*)?(?:만드|만들|제작|구하|구매|사는|파는|방법|법|뽑)|"
       r"(?:보이스\s*피싱|피싱|스미싱|파밍|사기)\s*(?:용)?\s*(?:대본|문자|메일|멘트|스크립트|사이트|링크|전화)\s*(?:을|를)?\s*(?:좀\s*)?(?:써|작성|만들|짜)|"
       r"(?:총|권총|총기|마약|폭탄)\s*(?:을|를)?\s*(?:\S+\s*)?(?:구할\s*수\s*있는|파는|살\s*수\s*있는)\s*(?:곳|데|사이트|사람)|(?:불법이라도|불법이어도|불법으로)\s*(?:\S+\s*){0,3}(?:총|마약|권총|약)", korean=True),
    # -- injection: persona-break, mode switches, exfiltration of the hidden prompt -------------------
    _r("persona-denial", "injection", 0.85,
       r"\byou(?:'re| are)\s+not\s+(?:really\s+|actually\s+|a\s+real\s+)?(?:a|an|the|some)\s+[\w-]+(?:\s+[\w-]+)?\s*[,;.!-]+\s*(?:you(?:'re| are)|admit|just)\b|\byou(?:'re| are)\s+(?:just\s+|really\s+|actually\s+|only\s+|secretly\s+)?(?:chatgpt|gpt(?:-?\d\w*)?|claude|gemini|llama|bard|copilot|an? (?:openai|anthropic|google|meta) model)\b|\b(?:answer|respond|reply|talk|act|speak)\s+(?:like|as)\s+(?:chatgpt|gpt(?:-?\d\w*)?|claude|gemini|bard|copilot|a normal (?:assistant|ai|chatbot)|a regular (?:assistant|ai|chatbot)|(?:an? |the )?(?:plain|generic|standard|default) (?:assistant|ai|chatbot|model))\b"),
    _r("leave-fiction", "injection", 0.85,
       r"\b(?:step|break|get|come|go|speak|talk|answer|respond|reply)\s+(?:out|outside)\s+(?:of\s+)?(?:the|this|your|our)\s+(?:story|role|roleplay|role-play|game|fiction|simulation|act|scene|character|persona|script)\b[^.!?\n]{0,40}|\bstop\s+(?:role-?playing|acting|playing (?:a |the )?(?:character|role|part))\b|\btell me what you (?:really|actually|truly) are\b|\bwho (?:are you|you are) (?:really|actually|behind (?:the|this) (?:character|mask|persona))\b"),
    _r("mode-switch", "injection", 0.9,
       r"\b(?:activate|enable|enter|switch (?:on|to|into)|turn on|engage|unlock|go into|boot (?:into|in)|put yourself in)\s+(?:[\w-]+\s+){0,2}?(?:unrestricted|uncensored|unfiltered|unlimited|jailbreak|jailbroken|developer|dev|god|admin|root|debug|dan|no-?filters?|no-?limits?|raw|evil|chaos|freedom|free|nsfw|maintenance|sudo|test)\s+mode\b|\b(?:unrestricted|uncensored|unfiltered|no-?limits?|no-?filters?|nsfw) mode\b"),
    _r("prompt-exfiltration", "injection", 0.9,
       r"\b(?:print|show|reveal|repeat|output|display|dump|paste|copy|quote|include|give|send|leak|list|write|type|read|tell)\b[^.!?\n]{0,40}\b(?:text|words|messages?|content|instructions|prompt|tokens|lines)\s+(?:that\s+(?:comes?|came|was|were|is|are)\s+|written\s+|you got\s+|you received\s+)?(?:before|above|prior to|preceding|at the (?:start|beginning|top) of)\s+(?:this|our|the|my)\s+(?:conversation|chat|session|message|dialogue|exchange|first message)\b"
       r"|\b(?:your|its)\s+(?:system|hidden|initial|original|secret|internal|pre-?set|preset|developer|core|base|underlying|full|starting|opening|real)\s+(?:prompt|instructions|message|rules|directives|configuration|programming|guidelines|setup|context)\b"
       r"|\b(?:print|show|reveal|repeat|output|display|dump|paste|copy|quote|include|leak|recite|share|expose)\b[^.!?\n]{0,30}\bsystem\s+(?:prompt|instructions|message|rules)\b"
       r"|\bwhat (?:were you|did (?:they|your \w+|the \w+)) (?:told|instruct(?:ed)?|programm(?:ed)?|configur(?:ed)?|tell you|set up)\b[^.!?\n]{0,30}\b(?:before|at the start|initially|originally|to do|to say)\b"),
    _r("rules-lifted", "injection", 0.88,
       r"\b(?:rules|restrictions|guidelines|filters|limits|policies|safeguards)\s+(?:that\s+(?:govern|bind|limit|restrict|apply to)\s+you\s+)?(?:have been|were|are now|got|are)\s+(?:lifted|removed|disabled|suspended|revoked|waived|turned off|switched off|deleted|cancel+ed|void(?:ed)?)\b"
       r"|\b(?:switch|turn|shut)\s+off\s+(?:your|the|all)\s+(?:\w+\s+)?(?:filter|filters|safety|moderation|guardrails|restrictions|censorship)\b|\bignore (?:what|everything|anything) (?:you (?:were|have been|'ve been) (?:told|taught|given|programmed)|(?:they|the developers?) (?:told|said))\b"
       r"|\bforget\s+(?:everything|all|anything)\s+(?:above|before|you (?:were|'ve been|have been) told)\b"),
    _r("ko-injection-wide", "injection", 0.88,
       r"(?:처음|원래|애초|맨\s*처음|최초|시작할\s*때|대화\s*전)\S*\s*(?:에\s*)?(?:받은|들은|입력된|주어진|설정된|입력\s*받은)\s*(?:지시|명령|지침|프롬프트|설정|규칙|내용)|"
       r"(?:받은|주어진|입력된|설정된)\s*(?:지시|명령|지침|프롬프트|설정|규칙)\s*(?:사항|내용|문)?\s*(?:을|를|이|가)?\s*(?:\S+\s*)?(?:뭐|무엇|알려|말해|보여|출력|복사|붙여)|"
       r"(?:프롬프트|지시문|시스템\s*메시지|설정)\s*(?:내용)?\s*(?:을|를)?\s*(?:그대로\s*)?(?:복사|붙여|출력|공개|유출)|"
       r"(?:안전|보안|검열|콘텐츠|유해)?\s*필터\s*(?:를|을)?\s*(?:꺼|끄|끄고|해제|풀어|없애)|(?:관리자|개발자|운영자|루트)\s*권한\s*(?:으로|이야|이다|을)|"
       r"(?:아무|어떤)\s*(?:규칙|제한|필터|검열|제약)\s*(?:도|이)?\s*없는\s*(?:\S+\s*)?(?:챗봇|봇|AI|인공지능|존재|모델)|"
       r"(?:캐릭터|역할|연기|설정|페르소나)\s*(?:\S+\s*)?(?:그만|집어치우|멈추|멈춰|벗어나|버리)|(?:진짜|진정한|실제)\s*(?:정체|모습|너)\s*(?:를|을|가|는)?\s*(?:말해|보여|밝혀|드러내|알려)|"
       r"^\s*(?:시스템|system|관리자|개발자)\s*[:：]|(?:위|앞|이전)\S*\s*(?:있는|의|에\s*있는)?\s*(?:지시|명령|지침|규칙)\S*\s*(?:은|는|을|를)?\s*(?:다|모두|전부)?\s*(?:무시|잊)", korean=True),
    # -- graphic violence described ----------------------------------------------------------------
    _r("graphic-gore", "violence/graphic", 0.8,
       r"\b(?:blood (?:spurt|gush|spray|pour|splatter)\w*|(?:spill|spilling|spilled|spilt|rip(?:ped|ping)? out|pull(?:ed|ing)? out|tear(?:ing)? out|tore out) (?:his|her|their|its|the) (?:guts|entrails|intestines|organs|eyes|heart|innards)|(?:head|limbs?|arms?|legs?) (?:was |were )?(?:cut|ripped|torn|hacked|chopped) off|skull (?:crack|split|shatter)\w*|brains? (?:splatter|spill|leak)\w*|flesh (?:tear|rip|melt|burn)\w*|bones? (?:snap|crunch|pierc)\w* through|organs spill\w*|(?:skinned|burned|boiled) alive)\b"),
    _r("wounding", "violence", 0.55,
       r"\b(?:through|into|pierc\w*|split|crush\w*|cut|slit|sever\w*) (?:his|her|its|their|the|your|my) (?:\w+'s )?(?:heart|chest|throat|neck|skull|head|belly|gut|ribs|eye|eyes|spine)\b|\b(?:cut|struck|shot|gunned|mowed|hacked) (?:him|her|them|it|\w+) down\b|\b(?:run|ran) (?:him|her|them|it) through\b"),
    _r("ko-graphic-gore", "violence/graphic", 0.8,
       r"(?:피가\s*(?:철철|뿜어|솟구|튀|쏟아)|내장\s*(?:이|을|를)?\s*(?:쏟|꺼내|드러|튀어)|목\s*(?:이|을)\s*(?:잘려|베어|날아)|팔\s*(?:이|을)\s*(?:잘려|잘라)|다리\s*(?:가|를)\s*(?:잘려|잘라)|살\s*(?:이|을)\s*(?:찢|뜯)|뼈\s*(?:가|를)\s*(?:부러|으스러|튀어)|머리\s*(?:가|를)\s*(?:터지|깨지|박살)|눈알\s*(?:을|이)\s*(?:뽑|파)|산\s*채로\s*(?:태|묻|껍질))", korean=True),
)

# Context that turns violence into story rather than a threat: fantasy creatures, games, stories.
FICTION_CUES = re.compile(
    r"\b(?:dragons?|orcs?|goblins?|trolls?|ogres?|wyverns?|beasts?|monsters?|demons?|undead|zombies?|skeletons?|"
    r"liches?|vampires?|werewolf|werewolves|wolves|bandits?|knights?|warriors?|heroes|hero|villains?|wizards?|witch|"
    r"sorcerer|necromancer|dungeons?|quests?|kingdom|castle|sword|swords|blade|axe|bow|arrows?|spell|magic|potion|"
    r"enchanted|legend|saga|tale|story|novel|fiction|game|campaign|rpg|npc|(?<!my )(?<!your )(?<!his )(?<!her )(?<!our )(?<!their )boss|raid|level|chapter|scene|film|movie|"
    r"character|fantasy|sci-?fi|aliens?|robots?|starship|laser|space pirates?|mech|battle(?:field)?|armou?r|shield|"
    r"fortress|siege|army|soldiers?|troops|duel|arena|gladiators?|samurai|ninja|pirates?|viking|medieval|realm|"
    r"ancient|myth|mythical|hydra|kraken|basilisk|griffin|forge|smith|blacksmith|ore|guild|tavern|hunt|hunter|"
    r"knaves?|varlets?|curs?|scoundrels?|brigands?|fiends?|wretch|foul|thou|thee|thy|thine|hast|ye|sire|milord|m'?lady|"
    r"paladins?|rogues?|rangers?|clerics?|bards?|necromancers?|orcish|elves|elven|dwarves|dwarven|mage|mages|sorceress|"
    r"warlock|spaceship|galaxy|planet|cyborg|android)\b"
    # Korean cues must be whole words (a particle may follow): "성" inside "완성" or "용" inside
    # "사용" is no story. Knives (칼), knights/articles (기사) and castles/sex (성) say too little.
    r"|(?<![가-힣])(?:용|드래곤|오크|고블린|트롤|괴물|몬스터|악마|좀비|해골|뱀파이어|늑대|도적|전사|용사|영웅|마법사|마녀|던전|"
    r"퀘스트|왕국|검|도끼|활|화살|마법|물약|전설|이야기|소설|게임|캐릭터|판타지|외계인|로봇|우주선|레이저|해적|"
    r"전투|갑옷|방패|요새|군대|병사|결투|검투사|사무라이|닌자|바이킹|중세|신화|대장장이|대장간|사냥|보스|레이드|마왕|기사단|성벽|무협|검객)"
    r"(?:들)?(?:이|가|은|는|을|를|의|에|에게|에서|으로|로|와|과|랑|이랑|도|만|처럼|한테|님)?(?![가-힣])",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    return RULES


def match_rules(clean: str, korean_view: str, *, has_korean: bool) -> list[tuple[Rule, str]]:
    """Every rule that fires, with the matched text (kept short for audit reasons)."""
    found: list[tuple[Rule, str]] = []
    present: dict[int, bool] = {}  # each ``needs`` pattern searched once per line
    for rule in RULES:
        if rule.korean and not has_korean:
            continue
        text = korean_view if rule.korean else clean
        if rule.needs is not None:
            key = id(rule.needs) * 2 + rule.korean
            if key not in present:
                present[key] = rule.needs.search(text) is not None
            if not present[key]:
                continue
        match = rule.pattern.search(text)
        if match:
            found.append((rule, match.group(0).strip()[:60]))
    return found
