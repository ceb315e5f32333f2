"""Texts shared by every page: app shell, sidebar, model source, training panel, figures, latent view."""

TEXTS = {
    # App shell and navigation
    "app.title": {"en": "Autoencoder Lab", "ko": "오토인코더 랩"},
    "page.overview": {"en": "Overview", "ko": "개요"},
    "page.undercomplete": {"en": "Undercomplete AE", "ko": "언더컴플리트 오토인코더"},
    "page.stacked": {"en": "Stacked AE", "ko": "스택(딥) 오토인코더"},
    "page.denoising": {"en": "Denoising AE", "ko": "디노이징 오토인코더"},
    "page.conv": {"en": "Convolutional AE", "ko": "컨볼루션 오토인코더"},
    "page.vae": {"en": "Variational AE", "ko": "변분 오토인코더 (VAE)"},

    # Words of Streamlit's own widgets, put in by ui/style.py
    "style.upload_button": {"en": "Upload", "ko": "업로드"},

    # Sidebar
    "sidebar.language": {"en": "Language", "ko": "언어"},
    "sidebar.dataset": {"en": "Dataset", "ko": "데이터셋"},
    "sidebar.dataset.mnist": {"en": "MNIST digits (bundled)", "ko": "MNIST 숫자 (내장)"},
    "sidebar.dataset.fashion-mnist": {"en": "Fashion-MNIST", "ko": "Fashion-MNIST"},
    "sidebar.dataset.kmnist": {"en": "KMNIST (Japanese characters)", "ko": "KMNIST (일본 문자)"},
    "sidebar.dataset_unavailable": {
        "en": "{name} could not be downloaded (no internet connection?), so the bundled MNIST is used.",
        "ko": "{name}을(를) 내려받을 수 없어 (인터넷 연결이 없나요?) 내장된 MNIST를 사용합니다.",
    },
    "sidebar.dataset_details": {"en": "Details", "ko": "자세히"},
    "sidebar.device": {"en": "Computing on: **{device}**", "ko": "연산 장치: **{device}**"},
    "sidebar.device.cpu": {"en": "CPU ({threads} threads)", "ko": "CPU (스레드 {threads}개)"},
    "sidebar.device.cpu_one": {"en": "CPU (1 thread)", "ko": "CPU (스레드 1개)"},
    "sidebar.model_source": {"en": "Model on this page", "ko": "이 페이지의 모델"},
    "source.pretrained": {"en": "Shipped pretrained model", "ko": "제공된 사전 학습 모델"},
    "source.trained": {"en": "Trained by you", "ko": "직접 학습한 모델"},
    "sidebar.no_trained": {
        "en": "You have not trained a model on this page yet: use the training panel on the page.",
        "ko": "이 페이지에서 아직 학습한 모델이 없습니다. 페이지의 학습 패널을 사용하세요.",
    },

    # The model a page shows
    "models.pretrained_missing": {
        "en": "The shipped pretrained model cannot be shown: {message}.",
        "ko": "제공된 사전 학습 모델을 표시할 수 없습니다: {message}.",
    },
    "models.pretrained_corrupt": {
        "en": "The shipped pretrained weights could not be read: {message}",
        "ko": "제공된 사전 학습 가중치를 읽을 수 없습니다: {message}",
    },
    "models.offer_training": {
        "en": "No model to show yet. [Train one with the panel below](#{anchor}): it becomes this "
              "page's model as soon as it finishes (a few epochs take under a minute).",
        "ko": "아직 보여 줄 모델이 없습니다. [아래 패널에서 모델을 학습하세요](#{anchor}). 학습이 끝나는 "
              "즉시 이 페이지의 모델이 됩니다 (몇 에포크는 1분이 채 걸리지 않습니다).",
    },
    "models.using_trained_instead": {
        "en": "Showing the model you trained instead.",
        "ko": "대신 직접 학습한 모델을 보여 줍니다.",
    },
    "models.in_use_pretrained": {
        "en": "Model in use: shipped pretrained, {description} (trained on {dataset}).",
        "ko": "사용 중인 모델: 제공된 사전 학습 모델, {description} ({dataset}에서 학습).",
    },
    "models.in_use_trained": {
        "en": "Model in use: the one you trained, {description}, {epochs} epoch(s) on {dataset}.",
        "ko": "사용 중인 모델: 직접 학습한 모델, {description}, {dataset}에서 {epochs} 에포크.",
    },
    "models.dataset_mismatch": {
        "en": "This model was trained on {trained_on}; the images below come from {dataset}.",
        "ko": "이 모델은 {trained_on}에서 학습되었고, 아래 이미지는 {dataset}에서 가져왔습니다.",
    },

    # Training panel
    "panel.title": {"en": "Train your own", "ko": "직접 학습하기"},
    "panel.intro": {
        "en": "Pick the hyperparameters and press Train. Training runs in the background: you can use "
              "the rest of the page, or other pages, while it runs.",
        "ko": "하이퍼파라미터를 고르고 학습 시작을 누르세요. 학습은 백그라운드에서 진행되므로 그동안 "
              "페이지의 다른 부분이나 다른 페이지를 사용할 수 있습니다.",
    },
    "panel.train": {"en": "Train", "ko": "학습 시작"},
    "panel.stop": {"en": "Stop", "ko": "중지"},
    "panel.continue": {
        "en": "Train the model you have further (its weights as the start)",
        "ko": "가지고 있는 모델을 이어서 학습 (그 가중치에서 시작)",
    },
    "panel.continue.help": {
        "en": "Starts from the weights of this page's model that you trained or uploaded, instead of "
              "new random weights. Its network settings above must be the model's own.",
        "ko": "새 무작위 가중치 대신, 직접 학습했거나 업로드한 이 페이지 모델의 가중치에서 시작합니다. "
              "위의 네트워크 설정은 그 모델의 설정과 같아야 합니다.",
    },
    "panel.continue_mismatch": {
        "en": "the network settings differ from those of the model you have: set them back to its "
              "own to train it further, or untick the box to train a new model",
        "ko": "네트워크 설정이 가지고 있는 모델의 설정과 다릅니다. 이어서 학습하려면 모델의 설정으로 "
              "되돌리고, 새 모델을 학습하려면 체크를 해제하세요",
    },
    "panel.continued": {
        "en": "{description}, continued from a model trained for {epochs} epoch(s)",
        "ko": "{description}, {epochs} 에포크 학습된 모델에서 이어서 학습",
    },
    "panel.busy": {
        "en": "A model is training on this page: stop it or let it finish before starting another.",
        "ko": "이 페이지에서 모델이 학습 중입니다. 새로 시작하려면 중지하거나 끝날 때까지 기다리세요.",
    },
    "panel.queued": {
        "en": "Waiting for a free trainer: place {position} in the queue (this server trains {limit} "
              "model(s) at a time).",
        "ko": "학습 자리를 기다리는 중: 대기열 {position}번째 (이 서버는 한 번에 {limit}개 모델을 학습합니다).",
    },
    "panel.starting": {"en": "Starting…", "ko": "시작하는 중…"},
    "panel.stopping": {"en": "Stopping…", "ko": "중지하는 중…"},
    "panel.progress": {
        "en": "Epoch {epoch}/{epochs} · step {step}/{steps} · {rate} images/s · about {eta} left",
        "ko": "에포크 {epoch}/{epochs} · 스텝 {step}/{steps} · 초당 {rate}개 이미지 · 약 {eta} 남음",
    },
    "panel.seconds": {"en": "{seconds} s", "ko": "{seconds}초"},
    "panel.minutes": {"en": "{minutes} min {seconds:02d} s", "ko": "{minutes}분 {seconds:02d}초"},
    "panel.stage": {"en": "Stage {stage}", "ko": "단계 {stage}"},
    "panel.done": {
        "en": "Finished {epochs} epoch(s) in {seconds}. This model is now the page's current model "
              "(the sidebar switches between it and the pretrained one).",
        "ko": "{seconds} 동안 {epochs} 에포크를 마쳤습니다. 이제 이 모델이 페이지의 현재 모델입니다 "
              "(사이드바에서 사전 학습 모델과 바꿀 수 있습니다).",
    },
    "panel.stopped": {
        "en": "Stopped after {seconds} ({epochs} full epoch(s)). The model as it was is now the page's "
              "current model.",
        "ko": "{seconds} 후 중지했습니다 (완료한 에포크 {epochs}개). 중지 시점의 모델이 이제 페이지의 "
              "현재 모델입니다.",
    },
    "panel.stopped_empty": {
        "en": "Stopped before the first loss value: no model was kept.",
        "ko": "첫 손실 값이 나오기 전에 중지되어 모델을 저장하지 않았습니다.",
    },
    "panel.diverged": {
        "en": "Training diverged (the loss became NaN or infinite): {message} This model did not become "
              "the page's model; the page keeps showing the one it showed before.",
        "ko": "학습이 발산했습니다 (손실이 NaN 또는 무한대가 됨): {message} 이 모델은 페이지의 모델이 되지 "
              "않았으며, 페이지는 이전에 보여 주던 모델을 계속 보여 줍니다.",
    },
    "panel.collapsed": {
        "en": "Training ran {epochs} epoch(s), but the model learned nothing usable: on the test images its "
              "reconstructions (MSE {mse}) are no better than drawing the average image for every digit "
              "(MSE {baseline}). Usually the learning rate is too high (the loss blew up) or training was "
              "too short. This model did not become the page's model; the page keeps showing the one it "
              "showed before.",
        "ko": "{epochs} 에포크를 학습했지만 모델이 쓸 만한 것을 배우지 못했습니다: 테스트 이미지에서 복원 "
              "결과(MSE {mse})가 모든 숫자에 평균 이미지를 그리는 것(MSE {baseline})보다 낫지 않습니다. "
              "보통 학습률이 너무 높거나(손실이 폭주함) 학습이 너무 짧았기 때문입니다. 이 모델은 페이지의 "
              "모델이 되지 않았으며, 페이지는 이전에 보여 주던 모델을 계속 보여 줍니다.",
    },
    "panel.keep_anyway": {"en": "Use this model anyway", "ko": "그래도 이 모델 사용하기"},
    "panel.kept_anyway": {
        "en": "You chose to use this model anyway: it is now the page's model.",
        "ko": "이 모델을 그래도 사용하기로 했습니다. 이제 이 모델이 페이지의 모델입니다.",
    },
    "panel.queue_wait": {"en": "About {wait} to wait.", "ko": "약 {wait} 기다리면 시작합니다."},
    "panel.queue_wait_unknown": {
        "en": "The wait is estimated once the running models report their progress.",
        "ko": "학습 중인 모델이 진행 상황을 알려 오면 대기 시간을 추정합니다.",
    },
    "panel.failed": {"en": "Training failed: {message}", "ko": "학습에 실패했습니다: {message}"},
    "panel.config_error": {
        "en": "Invalid value for “{field}”: {message}",
        "ko": "“{field}” 값이 올바르지 않습니다: {message}",
    },
    "panel.waiting_first_loss": {"en": "Waiting for the first loss value…", "ko": "첫 손실 값을 기다리는 중…"},
    "panel.test_metrics": {
        "en": "Test images after epoch {epoch}: MSE {mse} per pixel, PSNR {psnr} dB",
        "ko": "에포크 {epoch} 후 테스트 이미지: 픽셀당 MSE {mse}, PSNR {psnr} dB",
    },
    "panel.preview": {
        "en": "Fixed test digits and the model's reconstructions, refreshed after every epoch ({when}).",
        "ko": "고정된 테스트 숫자와 모델의 복원 결과, 에포크마다 갱신 ({when}).",
    },
    "panel.preview_untrained": {"en": "before training", "ko": "학습 전"},
    "panel.preview_epoch": {"en": "after epoch {epoch}", "ko": "에포크 {epoch} 후"},
    "panel.preview_final": {"en": "as training ended", "ko": "학습이 끝난 시점"},
    "panel.row.input": {"en": "input x", "ko": "입력 x"},
    "panel.row.noisy": {"en": "noisy input x+n", "ko": "노이즈 입력 x+n"},
    "panel.row.output": {"en": "reconstruction x′", "ko": "복원 x′"},
    "panel.download_weights": {"en": "Download weights", "ko": "가중치 다운로드"},
    "panel.download_metadata": {"en": "Download metadata (.json)", "ko": "메타데이터 다운로드 (.json)"},
    "panel.download_help": {
        "en": "Weights and metadata in one safetensors file; load it with ae_core.checkpoints.load.",
        "ko": "가중치와 메타데이터를 담은 safetensors 파일입니다. ae_core.checkpoints.load로 불러옵니다.",
    },

    # Hyperparameter fields shared by pages
    "field.epochs": {"en": "Epochs", "ko": "에포크"},
    "field.batch_size": {"en": "Batch size", "ko": "배치 크기"},
    "field.lr": {"en": "Learning rate", "ko": "학습률"},
    "field.limit": {"en": "Training images", "ko": "학습 이미지 수"},
    "field.limit.help": {
        "en": "Train on the first N training images only: fewer is faster.",
        "ko": "앞쪽 N개의 학습 이미지만 사용합니다. 적을수록 빠릅니다.",
    },
    "field.latent_dim": {"en": "Latent size (code h)", "ko": "잠재 차원 (코드 h)"},
    "field.latent_dim.help": {
        "en": "How many numbers the encoder squeezes each 784-pixel image into.",
        "ko": "인코더가 784픽셀 이미지를 몇 개의 숫자로 압축할지 정합니다.",
    },
    "field.hidden": {"en": "Hidden layers", "ko": "은닉층"},
    "field.hidden.help": {
        "en": "Encoder layer sizes from the input side, separated by commas (e.g. 256, 128); the "
              "decoder mirrors them.",
        "ko": "입력 쪽부터 인코더 층의 크기를 쉼표로 구분해 적습니다 (예: 256, 128). 디코더는 "
              "이를 거울처럼 뒤집습니다.",
    },
    "field.sizes.parse": {
        "en": "{field} must be layer sizes separated by commas, e.g. 256, 128; got {text!r}",
        "ko": "{field}: 쉼표로 구분한 층 크기여야 합니다 (예: 256, 128). 입력값: {text!r}",
    },
    "field.reconstruction": {"en": "Reconstruction loss", "ko": "재구성 손실"},
    "field.reconstruction.bce": {"en": "binary cross-entropy", "ko": "이진 교차 엔트로피"},
    "field.reconstruction.mse": {"en": "squared error", "ko": "제곱 오차"},

    # Figures
    "figure.epoch": {"en": "epoch", "ko": "에포크"},
    "figure.train": {"en": "train", "ko": "학습"},
    "figure.test": {"en": "test", "ko": "테스트"},
    "figure.encoder": {"en": "encoder", "ko": "인코더"},
    "figure.decoder": {"en": "decoder", "ko": "디코더"},
    "figure.input": {"en": "input x", "ko": "입력 x"},
    "figure.code": {"en": "code h", "ko": "은닉 표현 h"},
    "figure.output": {"en": "output x′", "ko": "출력 x′"},

    # Charts (ui/charts.py): what a loss chart shows, and in which unit
    "chart.loss": {"en": "Loss per image ({error} summed over 784 pixels)",
                   "ko": "이미지당 손실 (784픽셀에 대한 {error}의 합)"},
    "chart.loss.point": {"en": "Loss per point ({error} summed over its {inputs} coordinates)",
                         "ko": "점 하나당 손실 (좌표 {inputs}개에 대한 {error}의 합)"},
    "chart.error.bce": {"en": "BCE", "ko": "BCE"},
    "chart.error.mse": {"en": "squared error", "ko": "제곱 오차"},
    "chart.loss.stages": {"en": "Loss per image of the stage in training",
                          "ko": "학습 중인 단계의 이미지당 손실"},
    "chart.loss.stages_point": {"en": "Loss per point of the stage in training",
                                "ko": "학습 중인 단계의 점 하나당 손실"},
    "chart.loss.vae": {"en": "Loss per image: reconstruction + β·KL", "ko": "이미지당 손실: 복원 + β·KL"},
    "chart.recon.vae": {"en": "Reconstruction −log p(x|z) per image", "ko": "이미지당 복원 항 −log p(x|z)"},
    "chart.kl": {"en": "KL divergence from N(0, I) per image", "ko": "이미지당 N(0, I)와의 KL 발산"},
    "chart.unit.per_image": {"en": "per image", "ko": "이미지당"},
    "chart.unit.per_point": {"en": "per point", "ko": "점 하나당"},
    "chart.unit.nats": {"en": "nats per image", "ko": "이미지당 nats"},
    "chart.stage.pretrain": {"en": "pretrain {names}", "ko": "사전 학습 {names}"},
    "chart.stage.fine-tune": {"en": "fine-tune", "ko": "미세 조정"},

    # Latent space view
    "latent.pca_note": {
        "en": "The codes have {dim} dimensions: shown is their PCA projection onto the first two "
              "principal components, which keep {explained:.0%} of the codes' variance.",
        "ko": "코드가 {dim}차원이라 첫 두 주성분으로 PCA 투영해 보여 줍니다. 이 두 성분이 코드 분산의 "
              "{explained:.0%}를 설명합니다.",
    },
    "latent.axis": {"en": "{symbol}{index}", "ko": "{symbol}{index}"},
    "latent.pca_axis": {"en": "PC{index} (PCA)", "ko": "PC{index} (PCA)"},
    "latent.hover_hint": {
        "en": "Hover a point to see its test image.",
        "ko": "점 위에 마우스를 올리면 해당 테스트 이미지가 보입니다.",
    },

    # A view computed in the background (ui/resources.py wait_for)
    "views.computing": {
        "en": "Computing this view in the background; it appears here when it is ready.",
        "ko": "이 부분은 백그라운드에서 계산하는 중입니다. 준비되면 여기에 나타납니다.",
    },
    "latent.computing": {
        "en": "Encoding all {count:,} test images in the background; the latent space appears here when it is ready.",
        "ko": "테스트 이미지 {count:,}개 전체를 백그라운드에서 인코딩하는 중입니다. 준비되면 잠재 공간이 여기에 나타납니다.",
    },
}
