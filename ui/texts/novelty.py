"""Texts of the Undercomplete page's two uses of an autoencoder (the source text's "Usage of
Autoencoders"): feature extraction (features.*) and novelty detection (novelty.*)."""

TEXTS = {
    "usage.title": {"en": "Usage of autoencoders", "ko": "오토인코더의 사용 사례"},
    "usage.choose": {"en": "Use shown", "ko": "보여 줄 사용 사례"},
    "usage.intro": {
        "en": "Autoencoders have many uses; two matter most: feature extraction and novelty detection. "
              "Pick one to explore.",
        "ko": "오토인코더의 사용 사례는 다양하며, 특히 다음 두 가지가 중요합니다: 특징 추출과 이상 탐지. "
              "하나를 골라 살펴보세요.",
    },

    # Feature extraction
    "features.title": {"en": "1. Feature extraction", "ko": "1. 특징 추출 (Feature Extraction)"},
    "features.intro": {
        "en": "**Description:** the encoder turns the input into a code vector h, a compressed "
              "representation of its important information. **Benefit:** dimension reduction, data "
              "visualisation, and features that improve other machine-learning models that use them "
              "as input. Here the other model is a linear classifier (logistic regression) that reads "
              "the code h and guesses the digit; it never sees the pixels.",
        "ko": "**설명:** 오토인코더는 입력 데이터를 인코딩하여 중요한 특징을 추출할 수 있습니다. 인코더를 "
              "통해 생성된 코드 벡터(h)는 입력 데이터의 중요한 정보를 압축하여 표현한 것입니다. **이점:** "
              "차원 축소, 데이터 시각화, 그리고 다른 머신러닝 모델의 입력으로 사용될 수 있는 중요한 특징을 "
              "제공함으로써 성능을 향상시킬 수 있습니다. 여기서 다른 모델은 코드 h만 읽고 숫자를 맞히는 선형 "
              "분류기(로지스틱 회귀)이며, 픽셀은 보지 않습니다.",
    },
    "features.size": {"en": "Code size (latent dimension)", "ko": "코드 크기 (잠재 차원)"},
    "features.using_pretrained": {
        "en": "Using the shipped pretrained {dim}-D autoencoder.",
        "ko": "제공된 {dim}차원 사전 학습 오토인코더를 사용합니다.",
    },
    "features.using_trained": {
        "en": "Using the {dim}-D autoencoder you trained ({epochs} epoch(s)).",
        "ko": "직접 학습한 {dim}차원 오토인코더를 사용합니다 ({epochs} 에포크).",
    },
    "features.need_training": {
        "en": "No {dim}-D autoencoder yet. Train one quickly with the panel below (a few epochs on "
              "part of the training set are enough to see the effect).",
        "ko": "아직 {dim}차원 오토인코더가 없습니다. 아래 패널로 빠르게 학습하세요 (학습 데이터 일부로 몇 "
              "에포크면 효과를 볼 수 있습니다).",
    },
    "features.panel_title": {"en": "Train an autoencoder with a {dim}-D code", "ko": "{dim}차원 코드의 오토인코더 학습"},
    "features.panel_intro": {
        "en": "An MLP 784-256-128-{dim} like the shipped ones; its codes go to the classifier when it finishes.",
        "ko": "제공된 모델과 같은 784-256-128-{dim} MLP입니다. 학습이 끝나면 그 코드를 분류기에 넣습니다.",
    },
    "features.computing": {
        "en": "Fitting three linear classifiers on {train:,} training images in the background; their "
              "accuracies appear here when they are ready.",
        "ko": "학습 이미지 {train:,}개로 선형 분류기 세 개를 백그라운드에서 맞추는 중입니다. 준비되면 정확도가 "
              "여기에 나타납니다.",
    },
    "features.col.features": {"en": "Classifier input", "ko": "분류기 입력"},
    "features.col.dim": {"en": "Numbers per image", "ko": "이미지당 숫자 개수"},
    "features.col.accuracy": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "features.row.codes": {"en": "autoencoder code h ({dim}-D)", "ko": "오토인코더 코드 h ({dim}차원)"},
    "features.row.pca": {"en": "PCA ({dim}-D)", "ko": "PCA ({dim}차원)"},
    "features.row.pixels": {"en": "raw pixels (784)", "ko": "원본 픽셀 (784)"},
    "features.axis": {"en": "test accuracy", "ko": "테스트 정확도"},
    "features.protocol": {
        "en": "Logistic regression fitted on the first {train:,} training images, tested on {test:,} "
              "test images; chance is 10%.",
        "ko": "학습 이미지 앞쪽 {train:,}개로 로지스틱 회귀를 맞추고 테스트 이미지 {test:,}개로 평가했습니다. "
              "무작위 추측은 10%입니다.",
    },
    "features.reading.better_than_pca": {
        "en": "With {dim} numbers per image, the autoencoder's code gives the classifier {gain:.1f} points "
              "more accuracy than PCA's {dim} linear directions: its nonlinear encoder keeps more of what "
              "tells digits apart, though it was trained only to reconstruct and never saw a label. Raw "
              "pixels use {ratio:.0f}× more numbers.",
        "ko": "이미지당 숫자 {dim}개로, 오토인코더의 코드는 PCA의 {dim}개 선형 방향보다 분류기 정확도를 "
              "{gain:.1f}%p 더 높입니다. 비선형 인코더가 숫자를 구별하는 정보를 더 많이 유지한 것입니다. "
              "복원만 학습했고 레이블은 본 적이 없는데도 그렇습니다. 원본 픽셀은 {ratio:.0f}배 많은 숫자를 씁니다.",
    },
    "features.reading.not_better": {
        "en": "With {dim} numbers per image, the autoencoder's code does not beat PCA's {dim} linear "
              "directions here ({gain:+.1f} points for the code). A briefly trained autoencoder, or a code "
              "wide enough for a linear projection to keep most of what a linear classifier needs, "
              "erases the difference. Raw pixels use {ratio:.0f}× more numbers.",
        "ko": "이미지당 숫자 {dim}개에서는 오토인코더의 코드가 PCA의 {dim}개 선형 방향보다 낫지 않습니다 "
              "(코드 기준 {gain:+.1f}%p). 오토인코더를 짧게 학습했거나, 코드가 넓어서 선형 투영만으로도 선형 "
              "분류기에 필요한 정보가 대부분 남으면 차이가 사라집니다. 원본 픽셀은 {ratio:.0f}배 많은 숫자를 씁니다.",
    },
    "features.reading.behind_trained": {
        "en": "With {dim} numbers per image, the autoencoder's code falls {drop:.1f} points behind PCA's {dim} "
              "linear directions. This model trained for only {epochs} epochs on {images:,} images: its encoder "
              "has not yet learned to keep more than PCA keeps, and PCA, computed exactly in one step, is the "
              "best a linear projection can do. Train it longer (more epochs, more images) and compare again, "
              "or look at the fully trained shipped model at size 2. Raw pixels use {ratio:.0f}× more numbers.",
        "ko": "이미지당 숫자 {dim}개에서 오토인코더의 코드가 PCA의 {dim}개 선형 방향보다 {drop:.1f}%p 낮습니다. "
              "이 모델은 이미지 {images:,}개로 {epochs} 에포크만 학습했습니다. 인코더가 아직 PCA보다 많은 정보를 "
              "유지하도록 학습되지 않았고, PCA는 선형 투영으로 할 수 있는 최선을 한 번에 정확히 계산합니다. 더 오래 "
              "학습한 뒤(에포크와 학습 이미지를 늘려) 다시 비교하거나, 크기 2에서 충분히 학습된 제공 모델을 보세요. "
              "원본 픽셀은 {ratio:.0f}배 많은 숫자를 씁니다.",
    },
    "features.reading.behind_wide": {
        "en": "With {dim} numbers per image, the autoencoder's code falls {drop:.1f} points behind PCA's {dim} "
              "linear directions. A code this wide lets a linear projection keep most of what a linear "
              "classifier needs, and the autoencoder, trained to reconstruct rather than to tell digits apart, "
              "does not add to it. Raw pixels use {ratio:.0f}× more numbers.",
        "ko": "이미지당 숫자 {dim}개에서 오토인코더의 코드가 PCA의 {dim}개 선형 방향보다 {drop:.1f}%p 낮습니다. "
              "코드가 이만큼 넓으면 선형 투영만으로도 선형 분류기에 필요한 정보가 대부분 남고, 숫자 구별이 아니라 "
              "복원을 학습한 오토인코더는 거기에 더하지 못합니다. 원본 픽셀은 {ratio:.0f}배 많은 숫자를 씁니다.",
    },

    # Novelty detection
    "novelty.title": {"en": "2. Novelty detection", "ko": "2. 이상 탐지 (Novelty Detection)"},
    "novelty.intro": {
        "en": "**Description:** an autoencoder can detect patterns it has not learned. Trained on normal "
              "patterns only, it notices when an abnormal, new pattern appears in the test data. "
              "**Method:** compress the input with the encoder, restore it with the decoder, and compare "
              "the restored data with the original: a large reconstruction error counts as an anomaly. "
              "**Applications:** defect detection in manufacturing, financial fraud detection, network "
              "security and more.",
        "ko": "**설명:** 오토인코더는 학습되지 않은 패턴을 탐지하는 데 사용할 수 있습니다. 학습된 오토인코더는 "
              "정상 패턴을 학습하고, 테스트 데이터에서 이상 패턴(즉, 학습되지 않은 새로운 패턴)이 나타날 때 "
              "이를 감지할 수 있습니다. **방법:** 입력 데이터를 인코더를 통해 압축하고, 디코더를 통해 복원된 "
              "데이터와 원래 데이터를 비교하여 복원 오류가 큰 경우 이를 이상으로 간주합니다. **응용 분야:** "
              "제조 공정에서의 결함 탐지, 금융 사기 탐지, 네트워크 보안 등 다양한 분야에서 활용될 수 있습니다.",
    },
    "novelty.normal": {"en": "Normal digits (the model learns only these)", "ko": "정상 숫자 (모델은 이것만 학습)"},
    "novelty.normal_help": {
        "en": "Pick 1 to 9 digits. Every other digit is novel.",
        "ko": "숫자를 1~9개 고르세요. 나머지 숫자는 모두 이상(새로운 패턴)입니다.",
    },
    "novelty.bad_normal": {
        "en": "Pick between 1 and 9 normal digits (with all ten, nothing would be novel).",
        "ko": "정상 숫자를 1개에서 9개 사이로 고르세요 (열 개 모두면 이상이 하나도 없습니다).",
    },
    "novelty.using_pretrained": {
        "en": "Using the shipped detector trained on digit(s) {digits} only.",
        "ko": "숫자 {digits}만으로 학습한, 제공된 탐지기를 사용합니다.",
    },
    "novelty.using_trained": {
        "en": "Using the detector you trained on digit(s) {digits} ({epochs} epoch(s)).",
        "ko": "숫자 {digits}(으)로 직접 학습한 탐지기를 사용합니다 ({epochs} 에포크).",
    },
    "novelty.need_training": {
        "en": "No detector for normal digit(s) {digits} yet: train one with the panel below. It sees "
              "{count:,} training images of those digits and no others.",
        "ko": "정상 숫자 {digits}에 대한 탐지기가 아직 없습니다. 아래 패널에서 학습하세요. 그 숫자의 학습 "
              "이미지 {count:,}개만 보고 다른 숫자는 보지 않습니다.",
    },
    "novelty.panel_title": {"en": "Train a detector on digit(s) {digits}", "ko": "숫자 {digits}(으)로 탐지기 학습"},
    "novelty.panel_intro": {
        "en": "The page's default detector: an MLP autoencoder 784-256-128-32, trained on the normal "
              "digits' training images only.",
        "ko": "이 페이지의 기본 탐지기인 784-256-128-32 MLP 오토인코더를 정상 숫자의 학습 이미지로만 학습합니다.",
    },
    "novelty.scoring": {
        "en": "Scoring all {count:,} test images in the background; the detector's results appear here "
              "when they are ready.",
        "ko": "테스트 이미지 {count:,}개 전체를 백그라운드에서 채점하는 중입니다. 준비되면 탐지 결과가 여기에 "
              "나타납니다.",
    },
    "novelty.hist_title": {"en": "Reconstruction error of normal and novel test images",
                           "ko": "정상 및 이상 테스트 이미지의 복원 오류"},
    "novelty.group.normal": {"en": "normal ({digits})", "ko": "정상 ({digits})"},
    "novelty.group.novel": {"en": "novel (other digits)", "ko": "이상 (다른 숫자)"},
    "novelty.axis.error": {"en": "reconstruction error (3x3-smoothed squared error over the image's ink)",
                           "ko": "복원 오류 (3x3 평활한 제곱 오차 / 이미지의 잉크 양)"},
    "novelty.axis.share": {"en": "% of the group", "ko": "그룹 내 비율 (%)"},
    "novelty.threshold": {"en": "Threshold", "ko": "임계값"},
    "novelty.threshold_help": {
        "en": "An image whose reconstruction error is at least the threshold is flagged as novel. "
              "The starting value lets {rate:.0%} of normal training images through as false alarms.",
        "ko": "복원 오류가 임계값 이상인 이미지를 이상으로 판정합니다. 처음 값은 정상 학습 이미지의 "
              "{rate:.0%}를 오경보로 내보내는 값입니다.",
    },
    "novelty.threshold_line": {"en": "threshold", "ko": "임계값"},
    "novelty.roc_title": {"en": "ROC curve", "ko": "ROC 곡선"},
    "novelty.roc.x": {"en": "false positive rate (normal flagged)", "ko": "거짓 양성률 (정상을 이상으로)"},
    "novelty.roc.y": {"en": "true positive rate (novel caught)", "ko": "참 양성률 (이상을 이상으로)"},
    "novelty.roc.chance": {"en": "chance", "ko": "무작위"},
    "novelty.roc.point": {"en": "at the threshold", "ko": "현재 임계값"},
    "novelty.auroc": {
        "en": "AUROC {auroc:.3f}: the chance that a random novel image scores higher than a random "
              "normal one (0.5 is guessing, 1.0 is perfect).",
        "ko": "AUROC {auroc:.3f}: 무작위로 고른 이상 이미지가 무작위로 고른 정상 이미지보다 높은 점수를 받을 "
              "확률입니다 (0.5는 찍기, 1.0은 완벽).",
    },
    "novelty.hardest": {
        "en": "Hardest novel digit to tell from the normal ones: {digit} (AUROC {auroc:.3f}).",
        "ko": "정상 숫자와 가장 구별하기 어려운 이상 숫자: {digit} (AUROC {auroc:.3f}).",
    },
    "novelty.confusion_title": {"en": "At this threshold", "ko": "이 임계값에서"},
    "novelty.cm.caught": {"en": "novel caught", "ko": "잡아낸 이상"},
    "novelty.cm.missed": {"en": "novel missed", "ko": "놓친 이상"},
    "novelty.cm.false_alarm": {"en": "false alarms", "ko": "오경보"},
    "novelty.cm.passed": {"en": "normal passed", "ko": "통과한 정상"},
    "novelty.rates": {
        "en": "Catches {tpr:.1%} of novel images; {fpr:.1%} of normal images raise a false alarm.",
        "ko": "이상 이미지의 {tpr:.1%}를 잡아내고, 정상 이미지의 {fpr:.1%}가 오경보를 냅니다.",
    },
    "novelty.gallery_title": {"en": "The most and least anomalous test images", "ko": "가장 이상한 / 가장 정상적인 테스트 이미지"},
    "novelty.gallery.most": {"en": "Most anomalous (highest error)", "ko": "가장 이상함 (오류 최대)"},
    "novelty.gallery.least": {"en": "Most normal (lowest error)", "ko": "가장 정상적 (오류 최소)"},
    "novelty.gallery.caption": {
        "en": "Top row: the test image; bottom row: the model's reconstruction. Hover for the digit and its error.",
        "ko": "윗줄: 테스트 이미지, 아랫줄: 모델의 복원 결과. 마우스를 올리면 숫자와 오류가 보입니다.",
    },
    "novelty.gallery.label": {"en": "digit {digit} · error {score:.4f}", "ko": "숫자 {digit} · 오류 {score:.4f}"},
    "novelty.gallery.recon": {"en": "reconstruction of digit {digit}", "ko": "숫자 {digit}의 복원"},
    "novelty.yours_title": {"en": "Score your own digit", "ko": "내 숫자 채점하기"},
    "novelty.yours_intro": {
        "en": "Draw a digit or upload a picture: the detector rebuilds it and compares its error with the threshold.",
        "ko": "숫자를 그리거나 이미지를 올리세요. 탐지기가 복원한 뒤 그 오류를 임계값과 비교합니다.",
    },
    "novelty.yours_marker": {"en": "your digit", "ko": "내 숫자"},
    "novelty.yours_input": {"en": "your digit (28×28)", "ko": "내 숫자 (28×28)"},
    "novelty.yours_output": {"en": "reconstruction", "ko": "복원 결과"},
    "novelty.verdict.novel": {
        "en": "Error {score:.4f} ≥ threshold {threshold:.4f}: **novel**. The detector has not learned "
              "this pattern.",
        "ko": "오류 {score:.4f} ≥ 임계값 {threshold:.4f}: **이상**. 탐지기가 학습하지 않은 패턴입니다.",
    },
    "novelty.verdict.normal": {
        "en": "Error {score:.4f} < threshold {threshold:.4f}: **normal**. It looks like the digits the "
              "detector learned.",
        "ko": "오류 {score:.4f} < 임계값 {threshold:.4f}: **정상**. 탐지기가 학습한 숫자처럼 보입니다.",
    },
    "novelty.yours_rank": {
        "en": "Higher than {share:.0%} of normal test images.",
        "ko": "정상 테스트 이미지의 {share:.0%}보다 오류가 큽니다.",
    },
}
