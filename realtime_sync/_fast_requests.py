# mypy: ignore-errors
"""The fast request functions of the common calls: written by scripts/gen_fast_requests.py, do not edit.

The source ``realtime_sync._serde._Generator`` generates at run time for these request types,
written out so that it is compiled once, to bytecode, like any module (see the script).
"""

from ._serde import generated_globals

globals().update(generated_globals())  # the names the generated source refers to, as when generated at run time

_k1 = frozenset(['sdp', 'session'])
_k3 = frozenset(['session'])
_k4 = frozenset(['target_uri'])
_k6 = frozenset(['status_code'])
_k8 = frozenset(['expires_after', 'session'])
_k10 = frozenset(['expires_after', 'session'])
_k11 = frozenset(['audio', 'include', 'instructions', 'max_output_tokens', 'model', 'output_modalities', 'parallel_tool_calls', 'prompt', 'reasoning', 'tool_choice', 'tools', 'tracing', 'truncation', 'type'])
_k12 = frozenset([str])
_k13 = frozenset([(str, 'realtime')])
_k14 = 'realtime'
_k15 = frozenset(['inf'])
_k17 = frozenset(['auto', 'none', 'required'])
_k18 = frozenset(['auto'])
_k20 = frozenset(['auto', 'disabled'])
_k21 = frozenset(['audio', 'include', 'type'])
_k22 = frozenset([str])
_k23 = frozenset([(str, 'transcription')])
_k24 = 'transcription'
_k25 = frozenset(['anchor', 'seconds'])
_k26 = frozenset(['created_at'])
_k28 = frozenset(['audio', 'model'])
_k29 = frozenset(['input', 'output'])
_k30 = frozenset([str])
_k31 = frozenset([(str, 'item.input_audio_transcription.logprobs')])
_k32 = frozenset([str])
_k33 = frozenset([(str, 'audio'), (str, 'text')])
_k34 = frozenset(['id', 'variables', 'version'])
_k35 = frozenset(['effort'])
_k36 = frozenset(['high', 'low', 'medium', 'minimal', 'xhigh'])
_k37 = frozenset(['name', 'type'])
_k38 = frozenset([str])
_k39 = frozenset([(str, 'function')])
_k40 = 'function'
_k41 = frozenset(['name', 'server_label', 'type'])
_k42 = frozenset([str])
_k43 = frozenset([(str, 'mcp')])
_k44 = 'mcp'
_k46 = frozenset(['group_id', 'metadata', 'workflow_name'])
_k47 = frozenset(['retention_ratio', 'token_limits', 'type'])
_k48 = frozenset([str])
_k49 = frozenset([(str, 'retention_ratio')])
_k50 = 'retention_ratio'
_k51 = frozenset(['input'])
_k52 = frozenset(['input', 'output'])
_k53 = frozenset(['format', 'noise_reduction', 'transcription', 'turn_detection'])
_k56 = frozenset(['format', 'speed', 'voice'])
_k59 = frozenset(['description', 'name', 'parameters', 'type'])
_k60 = frozenset([str])
_k61 = frozenset([(str, 'function')])
_k62 = 'function'
_k63 = frozenset(['allowed_callers', 'allowed_tools', 'authorization', 'connector_id', 'defer_loading', 'headers', 'require_approval', 'server_description', 'server_label', 'server_url', 'tunnel_id', 'type'])
_k64 = frozenset([str])
_k65 = frozenset([(str, 'mcp')])
_k66 = 'mcp'
_k67 = frozenset(['connector_dropbox', 'connector_gmail', 'connector_googlecalendar', 'connector_googledrive', 'connector_microsoftteams', 'connector_outlookcalendar', 'connector_outlookemail', 'connector_sharepoint'])
_k68 = frozenset(['always', 'never'])
_k69 = frozenset(['post_instructions'])
_k70 = frozenset(['noise_reduction', 'transcription'])
_k71 = frozenset(['language'])
_k72 = frozenset(['rate', 'type'])
_k73 = frozenset([str])
_k74 = frozenset([(str, 'audio/pcm')])
_k75 = 'audio/pcm'
_k76 = frozenset([24000])
_k77 = frozenset(['type'])
_k78 = frozenset([str])
_k79 = frozenset([(str, 'audio/pcmu')])
_k80 = 'audio/pcmu'
_k81 = frozenset(['type'])
_k82 = frozenset([str])
_k83 = frozenset([(str, 'audio/pcma')])
_k84 = 'audio/pcma'
_k85 = frozenset(['strength', 'type'])
_k86 = frozenset(['far_field', 'near_field'])
_k87 = frozenset(['delay', 'keywords', 'language', 'languages', 'model', 'prompt'])
_k88 = frozenset(['high', 'low', 'medium', 'minimal', 'xhigh'])
_k89 = frozenset(['create_response', 'idle_timeout_ms', 'interrupt_response', 'prefix_padding_ms', 'silence_duration_ms', 'threshold', 'type'])
_k90 = frozenset([str])
_k91 = frozenset([(str, 'server_vad')])
_k92 = 'server_vad'
_k93 = frozenset(['create_response', 'eagerness', 'interrupt_response', 'type'])
_k94 = frozenset([str])
_k95 = frozenset([(str, 'semantic_vad')])
_k96 = 'semantic_vad'
_k97 = frozenset(['auto', 'high', 'low', 'medium'])
_k98 = frozenset(['id'])
_k99 = frozenset(['prompt_cache_breakpoint', 'text', 'type'])
_k100 = frozenset([str])
_k101 = frozenset([(str, 'input_text')])
_k102 = 'input_text'
_k104 = frozenset(['detail', 'file_id', 'image_url', 'prompt_cache_breakpoint', 'type'])
_k105 = frozenset([str])
_k106 = frozenset([(str, 'input_image')])
_k107 = 'input_image'
_k108 = frozenset([str])
_k109 = frozenset([(str, 'auto'), (str, 'high'), (str, 'low'), (str, 'original')])
_k111 = frozenset(['detail', 'file_data', 'file_id', 'file_url', 'filename', 'prompt_cache_breakpoint', 'type'])
_k112 = frozenset([str])
_k113 = frozenset([(str, 'input_file')])
_k114 = 'input_file'
_k115 = frozenset(['auto', 'high', 'low'])
_k117 = frozenset(['read_only', 'tool_names'])
_k118 = frozenset(['always', 'never'])
_k119 = frozenset([str])
_k120 = frozenset([(str, 'direct'), (str, 'programmatic')])
_k121 = frozenset(['strength', 'type'])
_k122 = frozenset([str])
_k123 = frozenset([(str, 'far_field'), (str, 'near_field')])
_k124 = frozenset(['model'])
_k125 = frozenset(['mode', 'ttl'])
_k126 = frozenset([str])
_k127 = frozenset([(str, 'explicit')])
_k128 = 'explicit'
_k129 = frozenset(['12h', '30m'])


def _f0_RealtimeCallCreateRequest(v):
    if v.__class__ is not dict or not _k1.issuperset(v): raise _Bail
    out = {}
    if 'sdp' not in v: raise _Bail
    s = v['sdp']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['sdp'] = s
    if 'session' in v:
        s = v['session']
        if s.__class__ is not dict: raise _Bail
        g = s.get('type')
        f = _k2.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        elif g is None: d = _f6_RealtimeSessionCreateRequest(s)
        else: raise _Bail
        out['session'] = d
    return out


def _f1_RealtimeCallAcceptRequest(v):
    if v.__class__ is not dict or not _k3.issuperset(v): raise _Bail
    out = {}
    if 'session' not in v: raise _Bail
    out['session'] = _f6_RealtimeSessionCreateRequest(v['session'])
    return out


def _f2_RealtimeCallReferRequest(v):
    if v.__class__ is not dict or not _k4.issuperset(v): raise _Bail
    out = {}
    if 'target_uri' not in v: raise _Bail
    s = v['target_uri']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['target_uri'] = s
    _k5(v, None)
    return out


def _f3_RealtimeCallRejectRequest(v):
    if v.__class__ is not dict or not _k6.issuperset(v): raise _Bail
    out = {}
    if 'status_code' in v:
        s = v['status_code']
        if s.__class__ is not int: raise _Bail
        out['status_code'] = s
    _k7(v, None)
    return out


def _f4_RealtimeCreateClientSecretRequest(v):
    if v.__class__ is not dict or not _k8.issuperset(v): raise _Bail
    out = {}
    if 'session' in v:
        s = v['session']
        if s.__class__ is not dict: raise _Bail
        g = s.get('type')
        f = _k9.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        else: raise _Bail
        out['session'] = d
    if 'expires_after' in v: out['expires_after'] = _f8_ClientSecretExpiration(v['expires_after'])
    return out


def _f5_RealtimeTranslationClientSecretCreateRequest(v):
    if v.__class__ is not dict or not _k10.issuperset(v): raise _Bail
    out = {}
    if 'session' not in v: raise _Bail
    out['session'] = _f9_RealtimeTranslationSessionCreateRequest(v['session'])
    if 'expires_after' in v: out['expires_after'] = _f8_ClientSecretExpiration(v['expires_after'])
    return out


def _f6_RealtimeSessionCreateRequest(v):
    if v.__class__ is not dict or not _k11.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k12 or (s.__class__, s) not in _k13: raise _Bail
        out['type'] = s
    else: out['type'] = _k14
    if 'model' in v:
        s = v['model']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['model'] = s
    if 'instructions' in v:
        s = v['instructions']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['instructions'] = s
    if 'audio' in v: out['audio'] = _f10_RealtimeAudioConfig(v['audio'])
    if 'include' in v: out['include'] = _f11_list(v['include'])
    if 'max_output_tokens' in v:
        s = v['max_output_tokens']
        c = s.__class__
        if c is str:
            if s not in _k15: raise _Bail
            d = s
        elif c is int:
            d = s
        else: raise _Bail
        out['max_output_tokens'] = d
    if 'output_modalities' in v: out['output_modalities'] = _f12_list(v['output_modalities'])
    if 'parallel_tool_calls' in v:
        s = v['parallel_tool_calls']
        if s.__class__ is not bool: raise _Bail
        out['parallel_tool_calls'] = s
    if 'prompt' in v:
        s = v['prompt']
        c = s.__class__
        if c is dict:
            d = _f13_Prompt(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['prompt'] = d
    if 'reasoning' in v: out['reasoning'] = _f14_Reasoning(v['reasoning'])
    if 'tool_choice' in v:
        s = v['tool_choice']
        c = s.__class__
        if c is dict:
            g = s.get('type')
            f = _k16.get(g) if g.__class__ is str else None
            if f is not None: d = f(s)
            else: raise _Bail
        elif c is str:
            if s not in _k17: raise _Bail
            d = s
        else: raise _Bail
        out['tool_choice'] = d
    if 'tools' in v: out['tools'] = _f17_list(v['tools'])
    if 'tracing' in v:
        s = v['tracing']
        c = s.__class__
        if c is dict:
            d = _f18_TracingConfiguration(s)
        elif c is str:
            if s not in _k18: raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['tracing'] = d
    if 'truncation' in v:
        s = v['truncation']
        c = s.__class__
        if c is dict:
            g = s.get('type')
            f = _k19.get(g) if g.__class__ is str else None
            if f is not None: d = f(s)
            elif g is None: d = _f19_RetentionRatioTruncation(s)
            else: raise _Bail
        elif c is str:
            if s not in _k20: raise _Bail
            d = s
        else: raise _Bail
        out['truncation'] = d
    return out


def _f7_RealtimeTranscriptionSessionCreateRequest(v):
    if v.__class__ is not dict or not _k21.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k22 or (s.__class__, s) not in _k23: raise _Bail
        out['type'] = s
    else: out['type'] = _k24
    if 'audio' in v: out['audio'] = _f20_RealtimeTranscriptionSessionAudio(v['audio'])
    if 'include' in v: out['include'] = _f11_list(v['include'])
    return out


def _f8_ClientSecretExpiration(v):
    if v.__class__ is not dict or not _k25.issuperset(v): raise _Bail
    out = {}
    if 'anchor' in v:
        s = v['anchor']
        if s.__class__ is not str: raise _Bail
        if s not in _k26: raise _Bail
        out['anchor'] = s
    if 'seconds' in v:
        s = v['seconds']
        if s.__class__ is not int: raise _Bail
        out['seconds'] = s
    _k27(v, None)
    return out


def _f9_RealtimeTranslationSessionCreateRequest(v):
    if v.__class__ is not dict or not _k28.issuperset(v): raise _Bail
    out = {}
    if 'model' not in v: raise _Bail
    s = v['model']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['model'] = s
    if 'audio' in v: out['audio'] = _f21_TranslationAudio(v['audio'])
    return out


def _f10_RealtimeAudioConfig(v):
    if v.__class__ is not dict or not _k29.issuperset(v): raise _Bail
    out = {}
    if 'input' in v: out['input'] = _f22_RealtimeAudioInput(v['input'])
    if 'output' in v: out['output'] = _f23_RealtimeAudioOutput(v['output'])
    return out


def _f11_list(v):
    if v.__class__ is not list: raise _Bail
    out = []
    for s in v:
        if s.__class__ not in _k30 or (s.__class__, s) not in _k31: raise _Bail
        d = s
        out.append(d)
    return out


def _f12_list(v):
    if v.__class__ is not list: raise _Bail
    out = []
    for s in v:
        if s.__class__ not in _k32 or (s.__class__, s) not in _k33: raise _Bail
        d = s
        out.append(d)
    return out


def _f13_Prompt(v):
    if v.__class__ is not dict or not _k34.issuperset(v): raise _Bail
    out = {}
    if 'id' not in v: raise _Bail
    s = v['id']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['id'] = s
    if 'version' in v:
        s = v['version']
        c = s.__class__
        if c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['version'] = d
    if 'variables' in v:
        s = v['variables']
        c = s.__class__
        if c is dict:
            d = _f24_dict(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['variables'] = d
    return out


def _f14_Reasoning(v):
    if v.__class__ is not dict or not _k35.issuperset(v): raise _Bail
    out = {}
    if 'effort' in v:
        s = v['effort']
        if s.__class__ is not str: raise _Bail
        if s not in _k36: raise _Bail
        out['effort'] = s
    return out


def _f15_ToolChoiceFunction(v):
    if v.__class__ is not dict or not _k37.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k38 or (s.__class__, s) not in _k39: raise _Bail
        out['type'] = s
    else: out['type'] = _k40
    if 'name' not in v: raise _Bail
    s = v['name']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['name'] = s
    return out


def _f16_ToolChoiceMcp(v):
    if v.__class__ is not dict or not _k41.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k42 or (s.__class__, s) not in _k43: raise _Bail
        out['type'] = s
    else: out['type'] = _k44
    if 'server_label' not in v: raise _Bail
    s = v['server_label']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['server_label'] = s
    if 'name' in v:
        s = v['name']
        c = s.__class__
        if c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['name'] = d
    return out


def _f17_list(v):
    if v.__class__ is not list: raise _Bail
    out = []
    for s in v:
        if s.__class__ is not dict: raise _Bail
        g = s.get('type')
        f = _k45.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        elif g is None: d = _f25_FunctionTool(s)
        else: raise _Bail
        out.append(d)
    return out


def _f18_TracingConfiguration(v):
    if v.__class__ is not dict or not _k46.issuperset(v): raise _Bail
    out = {}
    if 'workflow_name' in v:
        s = v['workflow_name']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['workflow_name'] = s
    if 'group_id' in v:
        s = v['group_id']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['group_id'] = s
    if 'metadata' in v:
        s = v['metadata']
        if s.__class__ is not dict: raise _Bail
        if s is None or s is NULL or not _sendable(s): raise _Bail
        out['metadata'] = s
    return out


def _f19_RetentionRatioTruncation(v):
    if v.__class__ is not dict or not _k47.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k48 or (s.__class__, s) not in _k49: raise _Bail
        out['type'] = s
    else: out['type'] = _k50
    if 'retention_ratio' not in v: raise _Bail
    s = v['retention_ratio']
    if s.__class__ is float:
        if not _fin(s): raise _Bail
    elif s.__class__ is not int: raise _Bail
    out['retention_ratio'] = s
    if 'token_limits' in v: out['token_limits'] = _f27_TokenLimits(v['token_limits'])
    return out


def _f20_RealtimeTranscriptionSessionAudio(v):
    if v.__class__ is not dict or not _k51.issuperset(v): raise _Bail
    out = {}
    if 'input' in v: out['input'] = _f22_RealtimeAudioInput(v['input'])
    return out


def _f21_TranslationAudio(v):
    if v.__class__ is not dict or not _k52.issuperset(v): raise _Bail
    out = {}
    if 'input' in v: out['input'] = _f28_TranslationAudioInput(v['input'])
    if 'output' in v: out['output'] = _f29_TranslationAudioOutput(v['output'])
    return out


def _f22_RealtimeAudioInput(v):
    if v.__class__ is not dict or not _k53.issuperset(v): raise _Bail
    out = {}
    if 'format' in v:
        s = v['format']
        if s.__class__ is not dict: raise _Bail
        g = s.get('type')
        f = _k54.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        else: raise _Bail
        out['format'] = d
    if 'noise_reduction' in v:
        s = v['noise_reduction']
        c = s.__class__
        if c is dict:
            d = _f33_NoiseReduction(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['noise_reduction'] = d
    if 'transcription' in v:
        s = v['transcription']
        c = s.__class__
        if c is dict:
            d = _f34_AudioTranscription(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['transcription'] = d
    if 'turn_detection' in v:
        s = v['turn_detection']
        c = s.__class__
        if c is dict:
            g = s.get('type')
            f = _k55.get(g) if g.__class__ is str else None
            if f is not None: d = f(s)
            else: raise _Bail
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['turn_detection'] = d
    return out


def _f23_RealtimeAudioOutput(v):
    if v.__class__ is not dict or not _k56.issuperset(v): raise _Bail
    out = {}
    if 'format' in v:
        s = v['format']
        if s.__class__ is not dict: raise _Bail
        g = s.get('type')
        f = _k57.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        else: raise _Bail
        out['format'] = d
    if 'voice' in v:
        s = v['voice']
        c = s.__class__
        if c is dict:
            d = _f37_VoiceId(s)
        elif c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        else: raise _Bail
        out['voice'] = d
    if 'speed' in v:
        s = v['speed']
        c = s.__class__
        if c is int:
            d = s
        elif c is float:
            if not _fin(s): raise _Bail
            d = s
        else: raise _Bail
        out['speed'] = d
    return out


def _f24_dict(v):
    if v.__class__ is not dict: raise _Bail
    out = {}
    for k, s in v.items():
        if k.__class__ is not str: raise _Bail
        c = s.__class__
        if c is dict:
            g = s.get('type')
            f = _k58.get(g) if g.__class__ is str else None
            if f is not None: d = f(s)
            else: raise _Bail
        elif c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        else: raise _Bail
        out[k] = d
    return out


def _f25_FunctionTool(v):
    if v.__class__ is not dict or not _k59.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k60 or (s.__class__, s) not in _k61: raise _Bail
        out['type'] = s
    else: out['type'] = _k62
    if 'name' in v:
        s = v['name']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['name'] = s
    if 'description' in v:
        s = v['description']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['description'] = s
    if 'parameters' in v:
        s = v['parameters']
        if s.__class__ is not dict: raise _Bail
        if s is None or s is NULL or not _sendable(s): raise _Bail
        out['parameters'] = s
    return out


def _f26_McpTool(v):
    if v.__class__ is not dict or not _k63.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k64 or (s.__class__, s) not in _k65: raise _Bail
        out['type'] = s
    else: out['type'] = _k66
    if 'server_label' not in v: raise _Bail
    s = v['server_label']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['server_label'] = s
    if 'server_url' in v:
        s = v['server_url']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['server_url'] = s
    if 'connector_id' in v:
        s = v['connector_id']
        if s.__class__ is not str: raise _Bail
        if s not in _k67: raise _Bail
        out['connector_id'] = s
    if 'tunnel_id' in v:
        s = v['tunnel_id']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['tunnel_id'] = s
    if 'authorization' in v:
        s = v['authorization']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['authorization'] = s
    if 'headers' in v:
        s = v['headers']
        c = s.__class__
        if c is dict:
            d = _f41_dict(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['headers'] = d
    if 'allowed_tools' in v:
        s = v['allowed_tools']
        c = s.__class__
        if c is dict:
            d = _f42_McpToolFilter(s)
        elif s is None or s is NULL:
            d = None
        elif c is list:
            d = _f43_list(s)
        else: raise _Bail
        out['allowed_tools'] = d
    if 'require_approval' in v:
        s = v['require_approval']
        c = s.__class__
        if c is dict:
            d = _f44_McpToolApprovalFilter(s)
        elif c is str:
            if s not in _k68: raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['require_approval'] = d
    if 'allowed_callers' in v:
        s = v['allowed_callers']
        c = s.__class__
        if s is None or s is NULL:
            d = None
        elif c is list:
            d = _f45_list(s)
        else: raise _Bail
        out['allowed_callers'] = d
    if 'defer_loading' in v:
        s = v['defer_loading']
        if s.__class__ is not bool: raise _Bail
        out['defer_loading'] = s
    if 'server_description' in v:
        s = v['server_description']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['server_description'] = s
    return out


def _f27_TokenLimits(v):
    if v.__class__ is not dict or not _k69.issuperset(v): raise _Bail
    out = {}
    if 'post_instructions' in v:
        s = v['post_instructions']
        if s.__class__ is not int: raise _Bail
        out['post_instructions'] = s
    return out


def _f28_TranslationAudioInput(v):
    if v.__class__ is not dict or not _k70.issuperset(v): raise _Bail
    out = {}
    if 'noise_reduction' in v:
        s = v['noise_reduction']
        c = s.__class__
        if c is dict:
            d = _f46_TranslationNoiseReduction(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['noise_reduction'] = d
    if 'transcription' in v:
        s = v['transcription']
        c = s.__class__
        if c is dict:
            d = _f47_TranslationTranscription(s)
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['transcription'] = d
    return out


def _f29_TranslationAudioOutput(v):
    if v.__class__ is not dict or not _k71.issuperset(v): raise _Bail
    out = {}
    if 'language' in v:
        s = v['language']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['language'] = s
    return out


def _f30_AudioPCM(v):
    if v.__class__ is not dict or not _k72.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k73 or (s.__class__, s) not in _k74: raise _Bail
        out['type'] = s
    else: out['type'] = _k75
    if 'rate' in v:
        s = v['rate']
        if s.__class__ is not int: raise _Bail
        if s not in _k76: raise _Bail
        out['rate'] = s
    return out


def _f31_AudioPCMU(v):
    if v.__class__ is not dict or not _k77.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k78 or (s.__class__, s) not in _k79: raise _Bail
        out['type'] = s
    else: out['type'] = _k80
    return out


def _f32_AudioPCMA(v):
    if v.__class__ is not dict or not _k81.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k82 or (s.__class__, s) not in _k83: raise _Bail
        out['type'] = s
    else: out['type'] = _k84
    return out


def _f33_NoiseReduction(v):
    if v.__class__ is not dict or not _k85.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ is not str: raise _Bail
        if s not in _k86: raise _Bail
        out['type'] = s
    if 'strength' in v:
        s = v['strength']
        c = s.__class__
        if c is int:
            d = s
        elif c is float:
            if not _fin(s): raise _Bail
            d = s
        else: raise _Bail
        out['strength'] = d
    return out


def _f34_AudioTranscription(v):
    if v.__class__ is not dict or not _k87.issuperset(v): raise _Bail
    out = {}
    if 'model' in v:
        s = v['model']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['model'] = s
    if 'language' in v:
        s = v['language']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['language'] = s
    if 'languages' in v: out['languages'] = _f43_list(v['languages'])
    if 'keywords' in v: out['keywords'] = _f43_list(v['keywords'])
    if 'prompt' in v:
        s = v['prompt']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['prompt'] = s
    if 'delay' in v:
        s = v['delay']
        if s.__class__ is not str: raise _Bail
        if s not in _k88: raise _Bail
        out['delay'] = s
    return out


def _f35_ServerVad(v):
    if v.__class__ is not dict or not _k89.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k90 or (s.__class__, s) not in _k91: raise _Bail
        out['type'] = s
    else: out['type'] = _k92
    if 'threshold' in v:
        s = v['threshold']
        c = s.__class__
        if c is int:
            d = s
        elif c is float:
            if not _fin(s): raise _Bail
            d = s
        else: raise _Bail
        out['threshold'] = d
    if 'prefix_padding_ms' in v:
        s = v['prefix_padding_ms']
        if s.__class__ is not int: raise _Bail
        out['prefix_padding_ms'] = s
    if 'silence_duration_ms' in v:
        s = v['silence_duration_ms']
        if s.__class__ is not int: raise _Bail
        out['silence_duration_ms'] = s
    if 'idle_timeout_ms' in v:
        s = v['idle_timeout_ms']
        c = s.__class__
        if s is None or s is NULL:
            d = None
        elif c is int:
            d = s
        else: raise _Bail
        out['idle_timeout_ms'] = d
    if 'create_response' in v:
        s = v['create_response']
        if s.__class__ is not bool: raise _Bail
        out['create_response'] = s
    if 'interrupt_response' in v:
        s = v['interrupt_response']
        if s.__class__ is not bool: raise _Bail
        out['interrupt_response'] = s
    return out


def _f36_SemanticVad(v):
    if v.__class__ is not dict or not _k93.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k94 or (s.__class__, s) not in _k95: raise _Bail
        out['type'] = s
    else: out['type'] = _k96
    if 'eagerness' in v:
        s = v['eagerness']
        if s.__class__ is not str: raise _Bail
        if s not in _k97: raise _Bail
        out['eagerness'] = s
    if 'create_response' in v:
        s = v['create_response']
        if s.__class__ is not bool: raise _Bail
        out['create_response'] = s
    if 'interrupt_response' in v:
        s = v['interrupt_response']
        if s.__class__ is not bool: raise _Bail
        out['interrupt_response'] = s
    return out


def _f37_VoiceId(v):
    if v.__class__ is not dict or not _k98.issuperset(v): raise _Bail
    out = {}
    if 'id' not in v: raise _Bail
    s = v['id']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['id'] = s
    return out


def _f38_InputText(v):
    if v.__class__ is not dict or not _k99.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k100 or (s.__class__, s) not in _k101: raise _Bail
        out['type'] = s
    else: out['type'] = _k102
    if 'text' not in v: raise _Bail
    s = v['text']
    if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
    out['text'] = s
    if 'prompt_cache_breakpoint' in v:
        s = v['prompt_cache_breakpoint']
        if s.__class__ is not dict: raise _Bail
        g = s.get('mode')
        f = _k103.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        elif g is None: d = _f48_PromptCacheBreakpoint(s)
        else: raise _Bail
        out['prompt_cache_breakpoint'] = d
    return out


def _f39_InputImage(v):
    if v.__class__ is not dict or not _k104.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k105 or (s.__class__, s) not in _k106: raise _Bail
        out['type'] = s
    else: out['type'] = _k107
    if 'detail' not in v: raise _Bail
    s = v['detail']
    if s.__class__ not in _k108 or (s.__class__, s) not in _k109: raise _Bail
    out['detail'] = s
    if 'file_id' in v:
        s = v['file_id']
        c = s.__class__
        if c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['file_id'] = d
    if 'image_url' in v:
        s = v['image_url']
        c = s.__class__
        if c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['image_url'] = d
    if 'prompt_cache_breakpoint' in v:
        s = v['prompt_cache_breakpoint']
        if s.__class__ is not dict: raise _Bail
        g = s.get('mode')
        f = _k110.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        elif g is None: d = _f48_PromptCacheBreakpoint(s)
        else: raise _Bail
        out['prompt_cache_breakpoint'] = d
    return out


def _f40_InputFile(v):
    if v.__class__ is not dict or not _k111.issuperset(v): raise _Bail
    out = {}
    if 'type' in v:
        s = v['type']
        if s.__class__ not in _k112 or (s.__class__, s) not in _k113: raise _Bail
        out['type'] = s
    else: out['type'] = _k114
    if 'detail' in v:
        s = v['detail']
        if s.__class__ is not str: raise _Bail
        if s not in _k115: raise _Bail
        out['detail'] = s
    if 'file_data' in v:
        s = v['file_data']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['file_data'] = s
    if 'file_id' in v:
        s = v['file_id']
        c = s.__class__
        if c is str:
            if not s.isascii() and _sur(s): raise _Bail
            d = s
        elif s is None or s is NULL:
            d = None
        else: raise _Bail
        out['file_id'] = d
    if 'file_url' in v:
        s = v['file_url']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['file_url'] = s
    if 'filename' in v:
        s = v['filename']
        if s.__class__ is not str: raise _Bail
        if not s.isascii() and _sur(s): raise _Bail
        out['filename'] = s
    if 'prompt_cache_breakpoint' in v:
        s = v['prompt_cache_breakpoint']
        if s.__class__ is not dict: raise _Bail
        g = s.get('mode')
        f = _k116.get(g) if g.__class__ is str else None
        if f is not None: d = f(s)
        elif g is None: d = _f48_PromptCacheBreakpoint(s)
        else: raise _Bail
        out['prompt_cache_breakpoint'] = d
    return out


def _f41_dict(v):
    if v.__class__ is not dict: raise _Bail
    out = {}
    for k, s in v.items():
        if k.__class__ is not str: raise _Bail
        if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
        d = s
        out[k] = d
    return out


def _f42_McpToolFilter(v):
    if v.__class__ is not dict or not _k117.issuperset(v): raise _Bail
    out = {}
    if 'read_only' in v:
        s = v['read_only']
        if s.__class__ is not bool: raise _Bail
        out['read_only'] = s
    if 'tool_names' in v: out['tool_names'] = _f43_list(v['tool_names'])
    return out


def _f43_list(v):
    if v.__class__ is not list: raise _Bail
    out = []
    for s in v:
        if s.__class__ is not str or (not s.isascii() and _sur(s)): raise _Bail
        d = s
        out.append(d)
    return out


def _f44_McpToolApprovalFilter(v):
    if v.__class__ is not dict or not _k118.issuperset(v): raise _Bail
    out = {}
    if 'always' in v: out['always'] = _f42_McpToolFilter(v['always'])
    if 'never' in v: out['never'] = _f42_McpToolFilter(v['never'])
    return out


def _f45_list(v):
    if v.__class__ is not list: raise _Bail
    out = []
    for s in v:
        if s.__class__ not in _k119 or (s.__class__, s) not in _k120: raise _Bail
        d = s
        out.append(d)
    return out


def _f46_TranslationNoiseReduction(v):
    if v.__class__ is not dict or not _k121.issuperset(v): raise _Bail
    out = {}
    if 'type' not in v: raise _Bail
    s = v['type']
    if s.__class__ not in _k122 or (s.__class__, s) not in _k123: raise _Bail
    out['type'] = s
    if 'strength' in v:
        s = v['strength']
        c = s.__class__
        if c is int:
            d = s
        elif c is float:
            if not _fin(s): raise _Bail
            d = s
        else: raise _Bail
        out['strength'] = d
    return out


def _f47_TranslationTranscription(v):
    if v.__class__ is not dict or not _k124.issuperset(v): raise _Bail
    out = {}
    if 'model' not in v: raise _Bail
    s = v['model']
    if s.__class__ is not str: raise _Bail
    if not s.isascii() and _sur(s): raise _Bail
    out['model'] = s
    return out


def _f48_PromptCacheBreakpoint(v):
    if v.__class__ is not dict or not _k125.issuperset(v): raise _Bail
    out = {}
    if 'mode' in v:
        s = v['mode']
        if s.__class__ not in _k126 or (s.__class__, s) not in _k127: raise _Bail
        out['mode'] = s
    else: out['mode'] = _k128
    if 'ttl' in v:
        s = v['ttl']
        if s.__class__ is not str: raise _Bail
        if s not in _k129: raise _Bail
        out['ttl'] = s
    return out


_k2 = {'realtime': _f6_RealtimeSessionCreateRequest}
_k5 = _LazyChecker('realtime_sync.models._calls', 'RealtimeCallReferRequest', frozenset(['_URI_CONTROL', 'group', 'search', 'start', 'target_uri']))
_k7 = _LazyChecker('realtime_sync.models._calls', 'RealtimeCallRejectRequest', frozenset(['_REJECT_STATUS_MAX', '_REJECT_STATUS_MIN', 'repr', 'status_code']))
_k9 = {'realtime': _f6_RealtimeSessionCreateRequest, 'transcription': _f7_RealtimeTranscriptionSessionCreateRequest}
_k16 = {'function': _f15_ToolChoiceFunction, 'mcp': _f16_ToolChoiceMcp}
_k19 = {'retention_ratio': _f19_RetentionRatioTruncation}
_k27 = _LazyChecker('realtime_sync.models', 'ClientSecretExpiration', frozenset(['repr', 'seconds']))
_k45 = {'function': _f25_FunctionTool, 'mcp': _f26_McpTool}
_k54 = {'audio/pcm': _f30_AudioPCM, 'audio/pcmu': _f31_AudioPCMU, 'audio/pcma': _f32_AudioPCMA}
_k55 = {'server_vad': _f35_ServerVad, 'semantic_vad': _f36_SemanticVad}
_k57 = {'audio/pcm': _f30_AudioPCM, 'audio/pcmu': _f31_AudioPCMU, 'audio/pcma': _f32_AudioPCMA}
_k58 = {'input_text': _f38_InputText, 'input_image': _f39_InputImage, 'input_file': _f40_InputFile}
_k103 = {'explicit': _f48_PromptCacheBreakpoint}
_k110 = {'explicit': _f48_PromptCacheBreakpoint}
_k116 = {'explicit': _f48_PromptCacheBreakpoint}

FUNCTIONS = {
    'realtime_sync.models._calls.RealtimeCallCreateRequest': _f0_RealtimeCallCreateRequest,
    'realtime_sync.models._calls.RealtimeCallAcceptRequest': _f1_RealtimeCallAcceptRequest,
    'realtime_sync.models._calls.RealtimeCallReferRequest': _f2_RealtimeCallReferRequest,
    'realtime_sync.models._calls.RealtimeCallRejectRequest': _f3_RealtimeCallRejectRequest,
    'realtime_sync.models.RealtimeCreateClientSecretRequest': _f4_RealtimeCreateClientSecretRequest,
    'realtime_sync.models._translations.RealtimeTranslationClientSecretCreateRequest': _f5_RealtimeTranslationClientSecretCreateRequest,
}
