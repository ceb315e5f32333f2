"""Texts of the Overview page: what an autoencoder is, the five kinds, the live demo."""

TEXTS = {
    "overview.title": {"en": "Autoencoder Lab", "ko": "오토인코더 랩"},
    "overview.lead": {
        "en": "An **autoencoder** is a neural network trained to give back its own input. The "
              "**encoder** squeezes an input x into a smaller hidden representation, the code h; the "
              "**decoder** rebuilds x′ from h alone. Because h is small, the network has to keep what "
              "matters about x and drop the rest: the code is a summary that it learned by itself, "
              "without labels.",
        "ko": "**오토인코더**는 자기 입력을 그대로 돌려주도록 학습하는 신경망입니다. **인코더**는 입력 "
              "데이터(x)를 더 작은 은닉 표현, 즉 코드 h로 압축하고, **디코더**는 h만으로 원래의 입력 "
              "데이터(x′)를 복원합니다. h가 작기 때문에 중요한 정보는 유지하고 불필요한 정보는 제거해야 "
              "합니다. 코드는 레이블 없이 스스로 배운 요약입니다.",
    },
    "overview.diagram_caption": {
        "en": "encoder → code → decoder, with a real test digit and the demo model's reconstruction",
        "ko": "인코더 → 코드 → 디코더, 실제 테스트 숫자와 데모 모델의 복원 결과",
    },
    "overview.diagram_caption_plain": {
        "en": "encoder → code → decoder (784 pixels squeezed into 2 numbers and back)",
        "ko": "인코더 → 코드 → 디코더 (784 픽셀을 숫자 2개로 압축했다가 복원)",
    },
    "overview.kinds_title": {"en": "Five kinds of autoencoder", "ko": "다섯 가지 오토인코더"},
    "overview.kind.undercomplete": {
        "en": "The code is smaller than the input, so the network must compress: the basis of "
              "feature extraction and novelty detection.",
        "ko": "코드가 입력보다 작아 네트워크가 압축해야 합니다. 특징 추출과 이상 탐지의 바탕이 됩니다.",
    },
    "overview.kind.stacked": {
        "en": "Several encoding layers stacked into a deep network, trained layer by layer or end "
              "to end, for more complex patterns.",
        "ko": "여러 개의 오토인코더를 층층이 쌓아 깊은 신경망을 구성합니다. 층별로 또는 한 번에 학습해 "
              "더 복잡한 패턴을 배웁니다.",
    },
    "overview.kind.denoising": {
        "en": "Trained to restore the clean x from a corrupted x + n, so it learns features that "
              "noise cannot shake.",
        "ko": "노이즈가 추가된 x+n에서 깨끗한 x를 복원하도록 학습해, 노이즈에 강한 특징을 배웁니다.",
    },
    "overview.kind.conv": {
        "en": "Convolutions and pooling instead of dense layers: made for images and their spatial "
              "patterns; the decoder unpools, upsamples or uses transposed convolutions.",
        "ko": "완전연결층 대신 컨볼루션과 풀링을 사용해 이미지의 공간적 패턴을 학습합니다. 디코더는 "
              "언풀링, 업샘플링, 컨볼루션 트랜스포즈로 크기를 복원합니다.",
    },
    "overview.kind.vae": {
        "en": "The generative version of the AE: the encoder gives a distribution q(z|x) over the "
              "latent space, so new images can be sampled from it.",
        "ko": "AE의 생성 모델 버전입니다. 인코더가 잠재 공간 위의 분포 q(z|x)를 내놓으므로, 그 공간에서 "
              "새 이미지를 샘플링할 수 있습니다.",
    },
    "overview.open_page": {"en": "Open the page", "ko": "페이지 열기"},
    "overview.page_missing": {"en": "page not available yet", "ko": "페이지 준비 중"},
    "overview.demo_title": {"en": "Try it: a pretrained autoencoder", "ko": "직접 보기: 사전 학습 오토인코더"},
    "overview.demo_intro": {
        "en": "Test digits the model never saw during training, the two numbers h the encoder turns "
              "each one into, and what the decoder rebuilds from those two numbers alone.",
        "ko": "학습 중에 본 적 없는 테스트 숫자, 인코더가 각각을 바꾼 두 숫자 h, 그리고 디코더가 그 두 "
              "숫자만으로 복원한 결과입니다.",
    },
    "overview.demo_shuffle": {"en": "Other digits", "ko": "다른 숫자 보기"},
    "overview.demo_code": {"en": "h = ({values})", "ko": "h = ({values})"},
    "overview.demo_mse": {
        "en": "Mean squared error of these {count} reconstructions: {mse:.4f} (pixels in [0, 1]).",
        "ko": "이 복원 {count}개의 평균 제곱 오차: {mse:.4f} (픽셀 값 범위 [0, 1]).",
    },
    "overview.demo_missing": {
        "en": "The demo needs the shipped pretrained model ({message}). Train a model on the "
              "Undercomplete AE page instead: the demo uses it as soon as it finishes.",
        "ko": "데모에는 제공된 사전 학습 모델이 필요합니다 ({message}). 대신 언더컴플리트 오토인코더 "
              "페이지에서 모델을 학습하세요. 학습이 끝나면 데모가 그 모델을 사용합니다.",
    },
    "overview.demo_trained": {
        "en": "Using the model you trained on the Undercomplete AE page.",
        "ko": "언더컴플리트 오토인코더 페이지에서 직접 학습한 모델을 사용합니다.",
    },
}
