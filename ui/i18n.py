"""Interface text of the studio in English and Korean.

Every key exists in every language (a test checks it). :func:`text` falls back to English
for a language without a table, so a new language can be added one key at a time.
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Atelier studio",
        "subtitle": "Ask for an image, a 3D model, a video, character motion or a talking avatar — type, "
                    "speak or attach a picture.",
        "chat": "Conversation",
        "input_placeholder": "Make a red wooden table in 3D…  (attach an image or record your voice)",
        "send": "Send",
        "stop": "Stop",
        "clear": "New conversation",
        "voice_tab": "Voice chat",
        "voice_label": "Push to talk: record, then stop — the persona answers aloud",
        "voice_reply": "Persona's voice",
        "speak_replies": "Speak replies aloud",
        "handsfree": "Hands-free: just talk; speak over a reply to interrupt it",
        "handsfree_mic": "Hands-free microphone",
        "hearing": "🎙️ hearing: {text}",
        "handsfree_listening": "🎙️ listening…",
        "plan_tab": "Plan & progress",
        "latest_model": "Latest 3D model",
        "plan_idle": "No turn running. The plan of your next request and each step's progress appear here.",
        "persona_tab": "Persona",
        "persona": "Persona",
        "persona_none": "(none — plain studio)",
        "persona_upload": "Add a persona card (YAML, JSON, or Character Card V2 JSON/PNG)",
        "persona_added": "Added persona **{name}** (`{id}`).",
        "persona_card": "Card",
        "memory_tab": "Memory",
        "memory_intro": "What the personas remember about you (user `{user}`). Select rows to delete them.",
        "memory_refresh": "Refresh",
        "memory_delete": "Delete selected",
        "memory_forget": "Forget everything about me",
        "memory_export": "Export as JSON",
        "memory_off": "Memory is off in this run.",
        "sign_in": "Sign in with your user name and password, or your name and API key (atk_…).",
        "memory_empty": "Nothing is remembered about you yet.",
        "memory_deleted": "Deleted {count} memories.",
        "memory_forgotten": "Forgot {memories} memories and {assets} asset entries.",
        "memory_cols": "id|persona|who|text|when",
        "settings_tab": "Settings",
        "user_id": "Your user id (whose memory is used)",
        "profile": "Backend profile",
        "backend_for": "Backend for {tool}",
        "apply": "Apply settings",
        "settings_applied": "Settings applied: profile **{profile}**{overrides}.",
        "interface_language": "Interface language",
        "status_loading": "⏳ Loading models… (the studio answers as soon as they are ready)",
        "status_ready": "✅ Ready",
        "status_failed": "❌ Could not start: {error}",
        "thinking": "Planning…",
        "working": "Working on it…",
        "plan_title": "Plan",
        "plan_talk": "No tools needed — just talking.",
        "plan_moderated": "Stopped by moderation before planning: the persona answered in character.",
        "plan_stopped": "Stopped before planning (see the message in the chat).",
        "moderation_note": "Moderation: {text}",
        "scene": "Scene: pick 2-4 personas to talk together (leave empty for one persona)",
        "scene_note": "In a scene, name who you talk to (\"Bram, ...\") or say \"everyone\".",
        "step_waiting": "waiting",
        "step_running": "running",
        "step_done": "done",
        "step_failed": "failed",
        "heard": "🎙️ (heard) {text}",
        "transcribing": "Listening to your recording…",
        "attached": "📎 {name}",
        "err_empty": "Your message is empty — type what you want to make or say, or record your voice.",
        "err_upload_type": "I can't use “{name}”: {kind} files are not supported here. Attach an image "
                           "(PNG, JPEG, WebP) or a recording (WAV, MP3, OGG, WebM, FLAC).",
        "err_upload_size": "“{name}” is {size} MB; the limit for {what} is {limit} MB. Please send a smaller file.",
        "err_upload_bad": "“{name}” could not be read as {what}: {why}",
        "err_card": "That persona card could not be used: {why}",
        "err_turn": "Something went wrong: {why}. The session is still open — try again.",
        "err_not_ready": "The studio could not start: {why}",
        "warning": "⚠️ {text}",
        "downloads": "Files",
    },
    "ko": {
        "title": "아틀리에 스튜디오",
        "subtitle": "이미지, 3D 모델, 영상, 캐릭터 모션, 말하는 아바타를 요청하세요 — 입력하거나, 말하거나, 사진을 첨부하세요.",
        "chat": "대화",
        "input_placeholder": "빨간 나무 탁자를 3D로 만들어 줘…  (이미지를 첨부하거나 음성을 녹음하세요)",
        "send": "보내기",
        "stop": "중지",
        "clear": "새 대화",
        "voice_tab": "음성 대화",
        "voice_label": "눌러서 말하기: 녹음한 뒤 멈추면 페르소나가 소리 내어 대답해요",
        "voice_reply": "페르소나 목소리",
        "speak_replies": "대답을 소리 내어 읽기",
        "handsfree": "핸즈프리: 그냥 말하세요. 대답 중에 말하면 끊고 들어요",
        "handsfree_mic": "핸즈프리 마이크",
        "hearing": "🎙️ 듣는 중: {text}",
        "handsfree_listening": "🎙️ 듣고 있어요…",
        "plan_tab": "계획과 진행",
        "latest_model": "최근 3D 모델",
        "plan_idle": "진행 중인 요청이 없어요. 다음 요청의 계획과 단계별 진행 상황이 여기에 나타나요.",
        "persona_tab": "페르소나",
        "persona": "페르소나",
        "persona_none": "(없음 — 기본 스튜디오)",
        "persona_upload": "페르소나 카드 추가 (YAML, JSON, Character Card V2 JSON/PNG)",
        "persona_added": "페르소나 **{name}** (`{id}`)를 추가했어요.",
        "persona_card": "카드",
        "memory_tab": "기억",
        "memory_intro": "페르소나들이 당신(사용자 `{user}`)에 대해 기억하는 것이에요. 지울 행을 선택하세요.",
        "memory_refresh": "새로 고침",
        "memory_delete": "선택한 기억 지우기",
        "memory_forget": "나에 대한 기억 모두 지우기",
        "memory_export": "JSON으로 내보내기",
        "memory_off": "이번 실행에서는 기억 기능이 꺼져 있어요.",
        "sign_in": "사용자 이름과 비밀번호, 또는 이름과 API 키(atk_…)로 로그인하세요.",
        "memory_empty": "아직 기억하는 것이 없어요.",
        "memory_deleted": "기억 {count}개를 지웠어요.",
        "memory_forgotten": "기억 {memories}개와 에셋 항목 {assets}개를 지웠어요.",
        "memory_cols": "id|페르소나|화자|내용|시각",
        "settings_tab": "설정",
        "user_id": "사용자 id (어느 기억을 쓸지)",
        "profile": "백엔드 프로필",
        "backend_for": "{tool} 백엔드",
        "apply": "설정 적용",
        "settings_applied": "설정을 적용했어요: 프로필 **{profile}**{overrides}.",
        "interface_language": "인터페이스 언어",
        "status_loading": "⏳ 모델을 불러오는 중… (준비되는 대로 대답해요)",
        "status_ready": "✅ 준비됨",
        "status_failed": "❌ 시작할 수 없어요: {error}",
        "thinking": "계획 세우는 중…",
        "working": "만드는 중…",
        "plan_title": "계획",
        "plan_talk": "도구가 필요 없어요 — 대화만 해요.",
        "plan_moderated": "계획 전에 안전 검사에서 멈췄어요. 페르소나가 캐릭터대로 답했어요.",
        "plan_stopped": "계획 전에 멈췄어요 (대화창의 메시지를 보세요).",
        "moderation_note": "안전 검사: {text}",
        "scene": "장면: 함께 이야기할 페르소나 2~4명을 고르세요 (한 명과 대화하려면 비워 두세요)",
        "scene_note": "장면에서는 이름을 부르거나(\"하늘 선생님, ...\") \"여러분\"이라고 말해 보세요.",
        "step_waiting": "대기",
        "step_running": "진행 중",
        "step_done": "완료",
        "step_failed": "실패",
        "heard": "🎙️ (들은 말) {text}",
        "transcribing": "녹음을 듣고 있어요…",
        "attached": "📎 {name}",
        "err_empty": "메시지가 비어 있어요 — 만들고 싶은 것이나 하고 싶은 말을 입력하거나 녹음해 주세요.",
        "err_upload_type": "“{name}” 파일은 쓸 수 없어요: {kind} 파일은 지원하지 않아요. 이미지(PNG, JPEG, WebP)나 "
                           "녹음(WAV, MP3, OGG, WebM, FLAC)을 첨부해 주세요.",
        "err_upload_size": "“{name}”의 크기는 {size} MB예요. {what} 파일은 {limit} MB까지 받을 수 있어요. 더 작은 파일을 보내 주세요.",
        "err_upload_bad": "“{name}”을(를) {what}(으)로 읽을 수 없어요: {why}",
        "err_card": "그 페르소나 카드는 쓸 수 없어요: {why}",
        "err_turn": "문제가 생겼어요: {why}. 대화는 그대로 이어갈 수 있으니 다시 시도해 주세요.",
        "err_not_ready": "스튜디오를 시작할 수 없어요: {why}",
        "warning": "⚠️ {text}",
        "downloads": "파일",
    },
}

WHAT = {"en": {"image": "an image", "audio": "a recording", "card": "a persona card"},
        "ko": {"image": "이미지", "audio": "녹음", "card": "페르소나 카드"}}


def lang_of(language: str | None) -> str:
    """A supported interface language code ("en" for anything unknown)."""
    return language if language in TEXT else "en"


def text(key: str, language: str | None = "en", **values: object) -> str:
    """The interface string ``key`` in ``language``, formatted with ``values``."""
    table = TEXT[lang_of(language)]
    template = table.get(key, TEXT["en"][key])
    return template.format(**values) if values else template


def what(kind: str, language: str | None = "en") -> str:
    """A noun for an upload kind ("an image", "녹음") used inside error messages."""
    return WHAT[lang_of(language)].get(kind, kind)
