"""Why a model file, a shipped model or a reproduce command cannot be had, per reason of the
ae_core errors (ui.i18n.explain; in English the error's own message is shown, these "en" entries
say the same in short)."""

TEXTS = {
    "why.checkpoint.missing": {
        "en": "no checkpoint file at {path}",
        "ko": "{path}에 체크포인트 파일이 없습니다",
    },
    "why.checkpoint.not_a_file": {
        "en": "{path} is not a file",
        "ko": "{path}은(는) 파일이 아닙니다",
    },
    "why.checkpoint.pickle": {
        "en": "this looks like a PyTorch pickle checkpoint (torch.save), not a safetensors file; it was "
              "not opened because unpickling can run code",
        "ko": "PyTorch pickle 체크포인트(torch.save)로 보이며 safetensors 파일이 아닙니다. pickle을 풀면 코드가 "
              "실행될 수 있어 열지 않았습니다. 이 앱에서 저장한 .safetensors 파일을 올리세요",
    },
    "why.checkpoint.not_safetensors": {
        "en": "not a safetensors checkpoint, or a damaged one",
        "ko": "safetensors 체크포인트가 아니거나 손상된 파일입니다",
    },
    "why.checkpoint.no_metadata": {
        "en": "this safetensors file has no Autoencoder Lab metadata, so its model cannot be rebuilt",
        "ko": "이 safetensors 파일에는 Autoencoder Lab 메타데이터(모델 종류, 설정)가 없어 모델을 다시 만들 수 "
              "없습니다. 이 앱에서 저장한 파일을 올리세요",
    },
    "why.checkpoint.bad_metadata": {
        "en": "the checkpoint's metadata is not a valid JSON object",
        "ko": "체크포인트의 메타데이터가 올바른 JSON 객체가 아닙니다",
    },
    "why.checkpoint.schema": {
        "en": "the checkpoint's metadata schema {schema} is newer than this version reads (up to {version})",
        "ko": "체크포인트의 메타데이터 형식 {schema}은(는) 이 버전이 읽을 수 있는 형식(최대 {version})보다 "
              "새롭습니다. Autoencoder Lab을 업데이트하세요",
    },
    "why.checkpoint.unknown_family": {
        "en": "the checkpoint holds an unknown model family {family} (known: {known})",
        "ko": "체크포인트의 모델 종류 {family}을(를) 알 수 없습니다 (알려진 종류: {known})",
    },
    "why.checkpoint.wrong_family": {
        "en": "the checkpoint holds a {family} model, but a {expected} model is needed here",
        "ko": "체크포인트는 {family} 모델이지만 여기에는 {expected} 모델이 필요합니다",
    },
    "why.checkpoint.no_config": {
        "en": "the checkpoint's metadata has no model config",
        "ko": "체크포인트의 메타데이터에 모델 설정이 없습니다",
    },
    "why.checkpoint.bad_config": {
        "en": "the checkpoint's {family} config is not valid: {error}",
        "ko": "체크포인트의 {family} 모델 설정이 올바르지 않습니다 ({error})",
    },
    "why.checkpoint.weights_mismatch": {
        "en": "the weights do not fit the model described by the checkpoint's config ({missing} missing, "
              "{extra} unexpected and {mismatched} mismatched tensor(s): {names})",
        "ko": "가중치가 체크포인트 설정이 기술하는 모델과 맞지 않습니다 (빠진 텐서 {missing}개, 남는 텐서 "
              "{extra}개, 모양이 다른 텐서 {mismatched}개: {names})",
    },
    "why.checkpoint.wrong_kind": {
        "en": "tensor(s) of the wrong kind (integer vs floating): {names}",
        "ko": "자료형이 맞지 않는 텐서가 있습니다 (정수와 실수): {names}",
    },
    "why.checkpoint.not_finite": {
        "en": "the checkpoint's weights hold NaN or infinite values in {names}",
        "ko": "체크포인트의 가중치에 NaN 또는 무한대 값이 있어 사용할 수 없습니다: {names}",
    },
    "why.checkpoint.too_large": {
        "en": "the file is {size:.1f} MB; checkpoints up to {limit:.3g} MB are accepted",
        "ko": "파일이 {size:.1f} MB입니다. 체크포인트는 {limit:.3g} MB까지 받습니다",
    },
    "why.checkpoint.damaged": {
        "en": "the checkpoint is damaged (truncated or corrupt)",
        "ko": "체크포인트가 손상되었습니다 (잘렸거나 깨진 파일입니다)",
    },
    "why.pretrained.missing": {
        "en": "pretrained weights {name} are missing; regenerate them with `python -m ae_core pretrain --only {model}` "
              "or train a model on this page",
        "ko": "사전 학습 가중치 {name}이(가) 없습니다. `python -m ae_core pretrain --only {model}`(으)로 다시 "
              "만들거나 이 페이지에서 모델을 학습하세요",
    },
    "why.pretrained.missing_for_views": {
        "en": "pretrained weights {name} are missing",
        "ko": "사전 학습 가중치 {name}이(가) 없습니다",
    },
    "why.reproduce.no_family": {
        "en": "the metadata names no model family",
        "ko": "메타데이터에 모델 종류가 없습니다",
    },
    "why.reproduce.dataset": {
        "en": "the data set {dataset} cannot be loaded from the command line (it loads {known})",
        "ko": "데이터셋 {dataset}은(는) 명령줄에서 불러올 수 없습니다 (불러올 수 있는 것: {known})",
    },
    "why.reproduce.continued": {
        "en": "the model continued the training of an earlier model, so no one command trains it from scratch",
        "ko": "이 모델은 이전 모델의 학습을 이어서 만들어졌으므로 처음부터 학습하는 명령 하나로는 재현되지 "
              "않습니다. 이전 모델의 설정은 메타데이터에 있습니다",
    },
    "why.reproduce.no_training": {
        "en": "the metadata does not record how the model was trained",
        "ko": "메타데이터에 모델을 어떻게 학습했는지 기록되어 있지 않습니다",
    },
    "why.reproduce.unknown_settings": {
        "en": "unknown training setting(s): {names}",
        "ko": "알 수 없는 학습 설정: {names}",
    },
    "why.reproduce.bad_settings": {
        "en": "the recorded settings are not valid: {error}",
        "ko": "기록된 설정이 올바르지 않습니다 ({error})",
    },
    "why.reproduce.no_flags": {
        "en": "the command line cannot give back {names}",
        "ko": "명령줄 옵션으로는 다음 설정을 재현할 수 없습니다: {names}",
    },
    # ae_core's ConfigError: a hyperparameter outside its allowed range (names are the engine's own)
    "why.config.integer": {
        "en": "{name} must be an integer in [{low}, {high}], got {value}",
        "ko": "{name} 값은 [{low}, {high}] 범위의 정수여야 합니다 (받은 값: {value})",
    },
    "why.config.number": {
        "en": "{name} must be a number in {range}, got {value}",
        "ko": "{name} 값은 {range} 범위의 수여야 합니다 (받은 값: {value})",
    },
    "why.config.choice": {
        "en": "{name} must be one of {choices}, got {value}",
        "ko": "{name} 값은 {choices} 중 하나여야 합니다 (받은 값: {value})",
    },
    "why.config.sizes": {
        "en": "{name} must be a list of {min_len} to {max_len} layer sizes, got {value}",
        "ko": "{name}에는 층 크기를 {min_len}개에서 {max_len}개까지 적어야 합니다 (받은 값: {value})",
    },
    "why.config.size": {
        "en": "each of {name} must be an integer in [{low}, {high}], got {value}",
        "ko": "{name}의 층 크기는 각각 [{low}, {high}] 범위의 정수여야 합니다 (받은 값: {value})",
    },
    "why.config.unknown_fields": {
        "en": "unknown field(s): {names}",
        "ko": "알 수 없는 설정 항목: {names}",
    },
    "why.config.family": {
        "en": "model family must be one of {choices}, got {value}",
        "ko": "모델 종류는 {choices} 중 하나여야 합니다 (받은 값: {value})",
    },
    "why.config.needs_mlp": {
        "en": "decoder_layers needs architecture 'mlp', got {value}",
        "ko": "이 계산은 MLP 디코더가 있는 변분 오토인코더에만 쓸 수 있습니다 (구조: {value})",
    },
    "why.config.needs_relu": {
        "en": "decoder_layers needs activation 'relu', got {value}",
        "ko": "이 계산은 ReLU 활성화 함수를 쓰는 디코더에만 쓸 수 있습니다 (활성화 함수: {value})",
    },
    "why.config.no_parameters": {
        "en": "the model has no trainable parameters",
        "ko": "모델에 학습할 수 있는 파라미터가 없습니다",
    },
    "why.config.needs_stacked": {
        "en": "greedy pretraining needs a stacked autoencoder, got {value}",
        "ko": "탐욕적 계층별 사전 학습에는 스택 오토인코더가 필요합니다 (받은 모델: {value})",
    },
    "why.config.noise_kind": {
        "en": "noise must be one of {choices}, got {value}",
        "ko": "노이즈 종류는 {choices} 중 하나여야 합니다 (받은 값: {value})",
    },
    "why.config.noise_level": {
        "en": "noise level ({name}) for {kind} must be in [{low}, {high}], got {value}",
        "ko": "{kind} 노이즈의 세기({name})는 [{low}, {high}] 범위여야 합니다 (받은 값: {value})",
    },
    "why.training.diverged": {
        "en": "training diverged at epoch {epoch}, step {step} ({terms}); the last good weights were kept. "
              "Try a smaller learning rate (now {lr}).",
        "ko": "{epoch}번째 에포크의 {step}번째 스텝에서 손실이 유한하지 않게 되었습니다 ({terms}). 마지막으로 손실이 유한했던 "
              "가중치를 남겼습니다. 학습률을 낮춰 보세요 (지금 {lr}).",
    },
}
