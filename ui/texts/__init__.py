"""Text catalog modules, one per page or shared area: each defines TEXTS = {key: {"en": ..., "ko": ...}}.

ui.i18n merges every module in this package, so a new page adds its own module here and touches no
other. Keys are namespaced by their module ("overview.title") and must be unique across modules.
Texts go through str.format: placeholders like {epoch}; literal braces are doubled.
"""
