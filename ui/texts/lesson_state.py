"""Texts of the shared lesson pattern: settings read from a link, the model in view against the
page's settings, and bringing a downloaded model back."""

TEXTS = {
    "state.bad_link": {
        "en": "The link set **{setting}** to “{value}”, which this page does not offer: it opened with "
              "the default, {default}.",
        "ko": "링크가 **{setting}** 값을 “{value}”(으)로 지정했지만 이 페이지에 없는 값이라 기본값 {default}(으)로 "
              "열었습니다.",
    },
    "state.bad_link_items": {
        "en": "The link named {value} for **{setting}**, which this page does not offer: it opened with "
              "the others, {used}.",
        "ko": "링크가 **{setting}** 설정에 이 페이지에 없는 값 {value}을(를) 넣었습니다. 나머지 {used}(으)로 "
              "열었습니다.",
    },
    "sidebar.no_model_for_settings": {
        "en": "No model for these settings yet: train one on the page.",
        "ko": "이 설정에 맞는 모델이 아직 없습니다. 페이지에서 학습하세요.",
    },
    "sidebar.trained_other_settings": {
        "en": "Your trained model is for other settings; choosing it puts them back.",
        "ko": "직접 학습한 모델은 다른 설정용입니다. 선택하면 그 설정으로 돌아갑니다.",
    },
    "models.trained_other_settings": {
        "en": "Your trained model ({description}) was made for other settings than the ones chosen "
              "now, so it is not shown here.",
        "ko": "직접 학습한 모델({description})은 지금 선택한 설정과 다른 설정으로 학습되어 여기에는 보이지 "
              "않습니다.",
    },
    "models.back_to_trained": {"en": "Back to my model's settings", "ko": "내 모델의 설정으로 돌아가기"},
    "vae.interp_crosses": {
        "en": "The straight path from the {la} to the {lb} passes through the region of {others} in the latent "
              "space, so the decoder draws {others} there. In a 2-D code, digits that look alike lie side by "
              "side, and a line between two classes can cross a third: pick ends whose points lie closer "
              "together on the pad above to see a direct morph.",
        "ko": "{la}에서 {lb}(으)로 가는 직선 경로가 잠재 공간에서 {others}의 영역을 지나므로 디코더가 그곳에서 "
              "{others}을(를) 그립니다. 2차원 코드에서는 비슷하게 생긴 숫자들이 나란히 놓여, 두 클래스 사이의 "
              "직선이 세 번째 클래스를 지날 수 있습니다. 위 패드에서 서로 더 가까이 있는 두 점을 고르면 "
              "바로 이어지는 변화를 볼 수 있습니다.",
    },
    "dn.robust_exception": {
        "en": "Here the chart shows the plain AE ahead, not the denoising AE. A denoising AE learns the "
              "corruption it was trained on ({trained}); {noise} corrupts pixels differently, so this "
              "model's training gives it no edge. Train a denoising AE with {noise} below to see the lesson's "
              "claim hold for this kind of noise.",
        "ko": "여기서는 그래프에서 디노이징 오토인코더가 아니라 일반 오토인코더가 앞섭니다. 디노이징 오토인코더는 "
              "학습한 손상({trained})을 복원하도록 배우는데, {noise}은(는) 픽셀을 다르게 "
              "손상시킵니다. 그래서 이 모델의 "
              "학습은 이점이 되지 않습니다. 아래에서 {noise}(으)로 디노이징 오토인코더를 학습하면 이 노이즈에서도 "
              "설명대로 되는 것을 볼 수 있습니다.",
    },
    "dn.noise.none": {"en": "no noise", "ko": "노이즈 없음"},
    "stacked.greedy_other_network": {
        "en": "Your greedy model ({description}) was trained for another network than the one chosen now, "
              "so it is not shown here.",
        "ko": "탐욕적 학습으로 만든 모델({description})은 지금 선택한 것과 다른 네트워크용이라 여기에는 보이지 "
              "않습니다.",
    },
    "stacked.budget": {"en": "{epochs} epochs on {images} training images", "ko": "학습 이미지 {images}개로 {epochs} 에포크"},
    "stacked.budget_epochs": {"en": "{epochs} epochs on the whole training set",
                              "ko": "전체 학습 데이터로 {epochs} 에포크"},
    "stacked.compare_unequal": {
        "en": "Not the same budget: greedy is your run ({greedy}); end to end is the shipped model, fully "
              "trained ({e2e}). Train end to end in the panel above with the same epochs and images to "
              "compare like with like.",
        "ko": "같은 조건이 아닙니다. 탐욕적 학습은 직접 학습한 결과({greedy})이고, 한 번에 학습은 충분히 학습된 "
              "제공 모델({e2e})입니다. 같은 조건으로 비교하려면 위 패널에서 같은 에포크와 이미지 수로 한 번에 "
              "학습하세요.",
    },
    "stacked.compare_budgets": {"en": "Greedy: {greedy}. End to end: {e2e}.",
                                "ko": "탐욕적 학습: {greedy}. 한 번에 학습: {e2e}."},
    "upload.title": {"en": "Bring back a model you downloaded", "ko": "내려받은 모델 다시 불러오기"},
    "upload.label": {
        "en": "Model file (.safetensors, as downloaded from this page; up to {mb} MB)",
        "ko": "모델 파일 (이 페이지에서 내려받은 .safetensors, 최대 {mb}MB)",
    },
    "upload.help": {
        "en": "The file is checked like the shipped models (kind of model, layer shapes, finite weights) "
              "and never run as code. It becomes the page's model, trained by you.",
        "ko": "제공 모델과 같은 방식으로 검사하며(모델 종류, 층 모양, 유한한 가중치) 코드로 실행하지 않습니다. "
              "불러온 모델은 이 페이지의 직접 학습한 모델이 됩니다.",
    },
    "upload.accepted": {
        "en": "Loaded: {description}. It is now the page's model (trained by you).",
        "ko": "불러왔습니다: {description}. 이제 이 페이지의 모델(직접 학습한 모델)입니다.",
    },
    "upload.too_large": {
        "en": "This file is {size:.1f} MB; model files up to {mb} MB are accepted.",
        "ko": "이 파일은 {size:.1f}MB입니다. 모델 파일은 최대 {mb}MB까지 받습니다.",
    },
    "upload.not_a_model": {
        "en": "This is not a model file from this app: {message}",
        "ko": "이 앱의 모델 파일이 아닙니다: {message}",
    },
    "upload.wrong_family": {
        "en": "This file holds a {found}, but this page shows a {wanted}: open it on that model's page.",
        "ko": "이 파일은 {found} 모델인데 이 페이지는 {wanted} 모델을 보여 줍니다. 해당 모델의 페이지에서 여세요.",
    },
    "upload.unusable": {
        "en": "This model file cannot be used: {message}",
        "ko": "이 모델 파일은 사용할 수 없습니다: {message}",
    },
    "upload.wrong_inputs": {
        "en": "This model takes {inputs} inputs (the Stacked page's toy network), not 28×28 images.",
        "ko": "이 모델은 28×28 이미지가 아니라 입력 {inputs}개(스택 오토인코더 페이지의 작은 예제 네트워크)를 받습니다.",
    },
    "upload.family.ae": {"en": "undercomplete or denoising autoencoder",
                         "ko": "언더컴플리트 또는 디노이징 오토인코더"},
    "upload.family.stacked": {"en": "stacked autoencoder", "ko": "스택 오토인코더"},
    "upload.family.conv": {"en": "convolutional autoencoder", "ko": "컨볼루션 오토인코더"},
    "upload.family.vae": {"en": "variational autoencoder", "ko": "변분 오토인코더"},
    "panel.done_here": {
        "en": "Finished {epochs} epoch(s) in {seconds}. This section now shows this model.",
        "ko": "{seconds} 동안 {epochs} 에포크를 마쳤습니다. 이제 이 부분에서 이 모델을 보여 줍니다.",
    },
}
