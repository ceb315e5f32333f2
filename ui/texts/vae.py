"""Texts of the Variational AE page (the source text's VAE section: 변분 오토인코더)."""

TEXTS = {
    "vae.title": {"en": "Variational autoencoder (VAE)", "ko": "변분 오토인코더 (VAE)"},
    "vae.intro": {
        "en": "A **variational autoencoder (VAE)** is a kind of autoencoder that can generate data. Unlike a "
              "plain autoencoder, it learns a probability distribution in the latent space, and new data can "
              "be made by sampling from it: it is called the \"generative version of the AE\".",
        "ko": "**변분 오토인코더**(Variational Autoencoder, VAE)는 오토인코더의 한 종류로, 데이터를 생성하는 "
              "능력을 가진 모델입니다. 일반적인 오토인코더와 달리, VAE는 잠재 공간(latent space)에서 확률 "
              "분포를 학습하고 새로운 데이터를 생성할 수 있습니다. 그래서 \"AE의 생성 모델 버전(Generative version of AE)\"이라고 "
              "불립니다.",
    },
    "vae.concept.model": {
        "en": "**Probabilistic model:** the encoder turns an input into a *distribution* over the latent "
              "variable z (its mean and variance); the decoder produces, from a z sampled from it, an output "
              "similar to the input.",
        "ko": "**확률 모델:** 인코더는 입력 데이터를 잠재 변수(latent variable) z의 *분포*(평균과 분산)로 "
              "변환하고, 디코더는 이 분포에서 샘플링한 잠재 변수로부터 원래 데이터와 유사한 출력을 "
              "생성합니다.",
    },
    "vae.concept.latent": {
        "en": "**Latent space:** inputs are mapped into the space of the latent variable, which is trained "
              "to follow a normal distribution; data is generated from variables sampled in this space.",
        "ko": "**잠재 공간:** 입력 데이터를 잠재 변수 공간으로 매핑하며, 잠재 변수 z는 정규 분포를 "
              "따르도록 학습됩니다. 이 공간에서 샘플링된 변수로부터 데이터를 생성합니다.",
    },
    "vae.concept.inference": {
        "en": "**Variational inference:** the loss is a reconstruction loss (the output should match the "
              "input) plus a regularisation loss (the latent variable should follow a normal distribution).",
        "ko": "**변분 추론:** 손실 함수는 재구성 손실(원래 입력과 재구성된 데이터의 차이)과 정규화 "
              "손실(잠재 변수 z가 정규 분포를 따르도록 유도)로 구성됩니다.",
    },
    "vae.architecture": {"en": "Network", "ko": "네트워크"},
    "vae.architecture.mlp": {"en": "MLP (decoded in your browser)", "ko": "MLP (브라우저에서 디코딩)"},
    "vae.architecture.conv": {"en": "Convolutional (decoded on the server)", "ko": "컨볼루션 (서버에서 디코딩)"},
    "vae.short.mlp": {"en": "an MLP", "ko": "MLP"},
    "vae.short.conv": {"en": "a convolutional", "ko": "컨볼루션"},
    "vae.architecture_help.mlp": {
        "en": "A fully connected VAE with a 2-D latent space. Its decoder is small enough to ship to your "
              "browser, which decodes a probe on every frame while you drag it.",
        "ko": "2차원 잠재 공간을 가진 완전 연결 VAE입니다. 디코더가 작아서 브라우저로 보낼 수 있고, "
              "프로브를 끄는 동안 매 프레임 브라우저에서 디코딩합니다.",
    },
    "vae.architecture_help.conv": {
        "en": "A convolutional VAE with a 2-D latent space. Its decoder runs on the server: a probe's "
              "image is decoded when you release it.",
        "ko": "2차원 잠재 공간을 가진 컨볼루션 VAE입니다. 디코더는 서버에서 실행되며, 프로브를 놓을 때 "
              "이미지를 디코딩합니다.",
    },
    "vae.not_usable": {
        "en": "The views below need a VAE with a 2-D latent space; train one with the panel at the bottom.",
        "ko": "아래 화면에는 2차원 잠재 공간을 가진 VAE가 필요합니다. 맨 아래 패널에서 학습하세요.",
    },

    # q(z|x) and the reparameterisation
    "vae.q_title": {"en": "The encoder outputs a distribution", "ko": "인코더는 분포를 출력합니다"},
    "vae.q_intro": {
        "en": "For an input x the encoder gives two vectors, the mean μ(x) and the standard deviation σ(x) "
              "of a normal distribution over z. The code is not one point but a small cloud around μ(x). "
              "To train through a random draw, the draw is rewritten as the **reparameterisation** below: "
              "the randomness sits in ε, and z is a plain function of μ and σ that gradients can flow through.",
        "ko": "인코더는 입력 x에 대해 z의 정규 분포를 정하는 두 벡터, 평균 μ(x)와 표준편차 σ(x)를 "
              "출력합니다. 코드는 한 점이 아니라 μ(x) 주변의 작은 구름입니다. 무작위 샘플링을 거쳐서도 "
              "학습할 수 있도록 샘플링을 아래의 **재매개변수화**(reparameterization)로 바꿔 씁니다. "
              "무작위성은 ε에만 있고, z는 μ와 σ의 단순한 함수이므로 기울기가 흘러갈 수 있습니다.",
    },
    "vae.reparam_intro": {
        "en": "Set μ and σ, then draw ε: each click draws a fresh ε ~ N(0, I) and places z = μ + σ ⊙ ε. "
              "Move the sliders afterwards: every z moves with μ and σ while its ε stays the same, which is "
              "exactly why the loss can be differentiated with respect to μ and σ.",
        "ko": "μ와 σ를 정한 뒤 ε을 뽑아 보세요. 누를 때마다 새로운 ε ~ N(0, I)을 뽑아 z = μ + σ ⊙ ε 위치에 "
              "놓습니다. 그다음 슬라이더를 움직이면 ε은 그대로인 채 모든 z가 μ와 σ를 따라 움직입니다. 바로 "
              "이 때문에 손실을 μ와 σ에 대해 미분할 수 있습니다.",
    },
    "vae.mu1": {"en": "μ₁ (mean, first coordinate)", "ko": "μ₁ (평균, 첫째 좌표)"},
    "vae.mu2": {"en": "μ₂ (mean, second coordinate)", "ko": "μ₂ (평균, 둘째 좌표)"},
    "vae.sigma1": {"en": "σ₁ (standard deviation, first)", "ko": "σ₁ (표준편차, 첫째)"},
    "vae.sigma2": {"en": "σ₂ (standard deviation, second)", "ko": "σ₂ (표준편차, 둘째)"},
    "vae.draw_one": {"en": "Draw ε", "ko": "ε 뽑기"},
    "vae.draw_many": {"en": "Draw {count} more", "ko": "{count}개 더 뽑기"},
    "vae.draw_clear": {"en": "Clear the draws", "ko": "뽑은 값 지우기"},
    "vae.mu_from_probe": {"en": "μ ← probe 1 on the pad", "ko": "μ ← 패드의 프로브 1"},
    "vae.q_from_test": {"en": "μ, σ ← q(z|x) of test image #{index}", "ko": "μ, σ ← 테스트 이미지 #{index}의 q(z|x)"},
    "vae.fig.eps": {"en": "ε ~ N(0, I)", "ko": "ε ~ N(0, I)"},
    "vae.fig.z": {"en": "z = μ + σ ⊙ ε", "ko": "z = μ + σ ⊙ ε"},
    "vae.fig.mu": {"en": "μ", "ko": "μ"},
    "vae.fig.latest": {"en": "latest draw", "ko": "마지막으로 뽑은 값"},
    "vae.fig.one_sigma": {"en": "1σ", "ko": "1σ"},
    "vae.fig.two_sigma": {"en": "2σ", "ko": "2σ"},
    "vae.reparam_empty": {
        "en": "No draws yet: press “Draw ε”.",
        "ko": "아직 뽑은 값이 없습니다. “ε 뽑기”를 누르세요.",
    },
    "vae.reparam_last": {
        "en": "Latest draw: ε = ({e1:.2f}, {e2:.2f}) → z = ({m1:.2f} + {s1:.2f} × {e1:.2f}, "
              "{m2:.2f} + {s2:.2f} × {e2:.2f}) = **({z1:.2f}, {z2:.2f})**",
        "ko": "마지막 값: ε = ({e1:.2f}, {e2:.2f}) → z = ({m1:.2f} + {s1:.2f} × {e1:.2f}, "
              "{m2:.2f} + {s2:.2f} × {e2:.2f}) = **({z1:.2f}, {z2:.2f})**",
    },
    "vae.reparam_inside": {
        "en": "{inside} of {count} draws ({share:.0%}) lie inside the 1σ ellipse; for a 2-D normal "
              "distribution the expected share is {expected:.0%}.",
        "ko": "{count}개 중 {inside}개({share:.0%})가 1σ 타원 안에 있습니다. 2차원 정규 분포에서 기대되는 "
              "비율은 {expected:.0%}입니다.",
    },
    "vae.reparam_decoded": {
        "en": "What the page's decoder makes of μ (left) and of the latest z (right)",
        "ko": "페이지 디코더가 μ(왼쪽)와 마지막 z(오른쪽)로 만든 이미지",
    },

    # The loss
    "vae.loss_title": {"en": "The loss: reconstruction + β · KL", "ko": "손실 함수: 재구성 손실 + β · KL"},
    "vae.loss_intro": {
        "en": "The source text writes the objective as L = E_q(z|x)[log p(x|z)] − KL(q(z|x) ‖ p(z)), to be "
              "maximised. Training minimises its negative: the **reconstruction loss** (how badly the decoder "
              "rebuilds x from a sampled z) plus the **regularisation loss**, the Kullback-Leibler divergence "
              "between q(z|x) and the normal distribution p(z) = N(0, I). A weight β on the KL term (β = 1 is "
              "the plain VAE) trades one against the other.",
        "ko": "원문은 목적 함수를 L = E_q(z|x)[log p(x|z)] − KL(q(z|x) ‖ p(z))로 쓰며, 이를 최대화합니다. "
              "학습에서는 그 음수를 최소화합니다. 즉 **재구성 손실**(샘플링한 z로 디코더가 x를 얼마나 "
              "잘못 복원하는가)과 **정규화 손실**, 곧 q(z|x)와 정규 분포 p(z) = N(0, I) 사이의 "
              "쿨백-라이블러(Kullback-Leibler) 발산의 합입니다. KL 항의 가중치 β(β = 1이 기본 VAE)로 둘 사이의 균형을 "
              "조절합니다.",
    },
    "vae.latex.recon": {"en": "reconstruction loss", "ko": "재구성 손실"},
    "vae.latex.kl": {"en": "regularisation loss", "ko": "정규화 손실"},
    "vae.beta": {"en": "β, the weight of the KL term", "ko": "β (KL 항의 가중치)"},
    "vae.beta_help": {
        "en": "Used for the loss shown here and by the training panel below.",
        "ko": "여기 표시되는 손실과 아래 학습 패널에서 사용합니다.",
    },
    "vae.beta_effect": {
        "en": "A larger β pulls every q(z|x) towards N(0, I): the latent space fills evenly and samples from "
              "the prior look like digits, but reconstructions get blurrier (β-VAE, Higgins et al. 2017). A "
              "smaller β favours sharp reconstructions and leaves gaps between the digits' clusters; β = 0 "
              "is an autoencoder with a noisy code.",
        "ko": "β가 클수록 모든 q(z|x)를 N(0, I) 쪽으로 끌어당깁니다. 잠재 공간이 고르게 채워져 사전 분포에서 "
              "뽑은 샘플이 숫자처럼 보이지만, 복원은 흐려집니다(β-VAE, Higgins 외 2017). β가 작을수록 "
              "선명한 복원을 우선하며 숫자 군집 사이에 빈 곳이 생깁니다. β = 0이면 코드에 잡음이 섞인 "
              "오토인코더입니다.",
    },
    "vae.metric.recon": {"en": "Reconstruction loss (nats per image)", "ko": "재구성 손실 (이미지당 nats)"},
    "vae.metric.kl": {"en": "KL, the regularisation loss", "ko": "KL (정규화 손실)"},
    "vae.metric.total": {"en": "Reconstruction + {beta} × KL", "ko": "재구성 + {beta} × KL"},
    "vae.loss_caption": {
        "en": "The model in use, averaged over the first {count:,} test images (one z sample each, "
              "Bernoulli likelihood). It was trained with β = {trained_beta}.",
        "ko": "사용 중인 모델의 값으로, 처음 {count:,}개 테스트 이미지의 평균입니다 (이미지마다 z 샘플 "
              "하나, 베르누이 우도). 이 모델은 β = {trained_beta}(으)로 학습되었습니다.",
    },

    # The latent pad and the latent map
    "vae.pad_title": {"en": "The latent space you can touch", "ko": "직접 만져 보는 잠재 공간"},
    "vae.pad_intro": {
        "en": "Each dot is the mean μ(x) of one test image, coloured by its digit; the ellipses are the "
              "1σ posteriors of the test images listed below. Drag a numbered **probe**: the image beside "
              "the pad is what the decoder makes of that point, redrawn as you move. Press anywhere to "
              "bring the nearest probe there; Shift+press or “Add probe” adds one. On the right, the "
              "**latent map** tiles decoded images over a grid of z over the same range.",
        "ko": "각 점은 테스트 이미지 하나의 평균 μ(x)이며 숫자별 색으로 칠해져 있습니다. 타원은 아래에 "
              "적은 테스트 이미지들의 1σ 사후 분포입니다. 번호가 붙은 **프로브**를 끌어 보세요. 패드 옆 "
              "이미지는 그 지점을 디코더가 복원한 것으로, 움직이는 동안 계속 다시 그려집니다. 아무 곳이나 "
              "누르면 가장 가까운 프로브가 옵니다. Shift+누르기나 “프로브 추가”로 프로브를 더합니다. "
              "오른쪽 **잠재 공간 지도**는 같은 범위의 z 격자에서 디코딩한 이미지를 타일처럼 늘어놓은 "
              "것입니다.",
    },
    "vae.range": {"en": "Range of z shown", "ko": "표시할 z 범위"},
    "vae.grid": {"en": "Latent map grid", "ko": "잠재 공간 지도 격자"},
    "vae.picks": {"en": "Posterior ellipses of test images #", "ko": "사후 분포 타원을 그릴 테스트 이미지 #"},
    "vae.picks_help": {
        "en": "Test image numbers (0 to {last}) separated by commas, at most {limit}; hovering a dot on the "
              "pad shows its number.",
        "ko": "테스트 이미지 번호(0~{last})를 쉼표로 구분해 최대 {limit}개까지 적습니다. 패드의 점 위에 "
              "마우스를 올리면 번호가 보입니다.",
    },
    "vae.picks_other": {"en": "Others", "ko": "다른 이미지"},
    "vae.picks_error": {
        "en": "“{text}” is not a list of image numbers: write whole numbers separated by commas, e.g. 3, 2, 1.",
        "ko": "“{text}”은(는) 이미지 번호 목록이 아닙니다. 쉼표로 구분한 정수를 적으세요 (예: 3, 2, 1).",
    },
    "vae.picks_range": {
        "en": "No test image has the number(s) {numbers}: the test images are numbered 0 to {last}.",
        "ko": "번호 {numbers}인 테스트 이미지가 없습니다. 테스트 이미지 번호는 0부터 {last}까지입니다.",
    },
    "vae.picks_too_many": {
        "en": "Only the first {limit} images get an ellipse.",
        "ko": "처음 {limit}개 이미지에만 타원을 그립니다.",
    },
    "vae.preparing": {
        "en": "Preparing the latent pad in the background (every test image's posterior, and the decoder "
              "for your browser); it appears here when it is ready.",
        "ko": "잠재 공간 패드를 백그라운드에서 준비하는 중입니다(테스트 이미지 전체의 사후 분포와 브라우저용 "
              "디코더). 준비되면 여기에 나타납니다.",
    },
    "vae.pad_mode.browser": {
        "en": "Decoded in your browser from the decoder's weights (8-bit, sent once): no round trip to "
              "the server while you drag.",
        "ko": "디코더 가중치(8비트, 한 번만 전송)로 브라우저에서 디코딩합니다. 끄는 동안 서버와 주고받지 "
              "않습니다.",
    },
    "vae.pad_mode.server": {
        "en": "This convolutional decoder runs on the server: a probe's image is decoded when you release it.",
        "ko": "이 컨볼루션 디코더는 서버에서 실행됩니다. 프로브를 놓으면 그 위치의 이미지를 디코딩합니다.",
    },
    "vae.probe_position": {"en": "**Probe {index}** z = ({z1:.3f}, {z2:.3f})",
                           "ko": "**프로브 {index}** z = ({z1:.3f}, {z2:.3f})"},
    "vae.map_caption": {
        "en": "Latent map: decoder(z) on a {n}×{n} grid over [−{r:g}, {r:g}]². Rings mark the probes "
              "(as last released) and your digit.",
        "ko": "잠재 공간 지도: [−{r:g}, {r:g}]² 범위의 {n}×{n} 격자의 각 z를 디코딩한 이미지입니다. 고리는 프로브(마지막으로 "
              "놓은 위치)와 내 숫자를 표시합니다.",
    },
    "vae.marker.a": {"en": "A", "ko": "A"},
    "vae.marker.b": {"en": "B", "ko": "B"},
    "vae.marker.yours": {"en": "yours", "ko": "내 숫자"},
    "vae.pad.add_probe": {"en": "Add probe", "ko": "프로브 추가"},
    "vae.pad.remove_probe": {"en": "Remove probe", "ko": "프로브 삭제"},
    "vae.pad.probe": {"en": "Probe", "ko": "프로브"},
    "vae.pad.hint": {
        "en": "Drag a probe, or press anywhere to bring the nearest probe there. Shift+press adds a probe.",
        "ko": "프로브를 끌거나, 아무 곳이나 눌러 가장 가까운 프로브를 가져오세요. Shift+누르기로 프로브를 "
              "추가합니다.",
    },
    "vae.pad.hint_scatter": {
        "en": "Hover over a point to see its image.",
        "ko": "점 위에 마우스를 올리면 이미지가 보입니다.",
    },
    "vae.pad.decode_on_release": {"en": "Decoded when you release the probe", "ko": "프로브를 놓으면 디코딩합니다"},
    "vae.pad.x_label": {"en": "z₁", "ko": "z₁"},
    "vae.pad.y_label": {"en": "z₂", "ko": "z₂"},

    # The user's digit
    "vae.digit_title": {"en": "Your digit on the pad", "ko": "패드 위의 내 숫자"},
    "vae.digit_intro": {
        "en": "Draw a digit or upload a picture of one: it is centred and scaled like MNIST, encoded to "
              "q(z|x), and reconstructed from μ. It appears on the pad above as a diamond with its 1σ "
              "ellipse (dashed).",
        "ko": "숫자를 그리거나 숫자 이미지를 올리세요. MNIST처럼 가운데에 맞추고 크기를 조정한 뒤 q(z|x)로 "
              "인코딩하고 μ로부터 복원합니다. 위의 패드에 마름모와 1σ 타원(점선)으로 나타납니다.",
    },
    "vae.digit_row.input": {"en": "your digit x", "ko": "내 숫자 x"},
    "vae.digit_row.output": {"en": "decoder(μ)", "ko": "decoder(μ)"},
    "vae.digit_result": {
        "en": "q(z|x): μ = ({m1:.3f}, {m2:.3f}), σ = ({s1:.3f}, {s2:.3f})",
        "ko": "q(z|x): μ = ({m1:.3f}, {m2:.3f}), σ = ({s1:.3f}, {s2:.3f})",
    },
    "vae.digit_marker_note": {
        "en": "Marked “{label}” on the pad and on the latent map.",
        "ko": "패드와 잠재 공간 지도에 “{label}”(으)로 표시됩니다.",
    },

    # Interpolation
    "vae.interp_title": {"en": "Interpolation between two digits", "ko": "두 숫자 사이의 보간"},
    "vae.interp_intro": {
        "en": "Pick two test images: their means μ are joined by a straight line in the latent space, and "
              "the decoder draws the points along it. A and B mark the two ends on the pad.",
        "ko": "테스트 이미지 두 개를 고르세요. 두 평균 μ를 잠재 공간에서 직선으로 잇고, 그 위의 점들을 "
              "디코더가 그립니다. 패드에는 두 끝이 A와 B로 표시됩니다.",
    },
    "vae.interp_a": {"en": "Test image A #", "ko": "테스트 이미지 A #"},
    "vae.interp_b": {"en": "Test image B #", "ko": "테스트 이미지 B #"},
    "vae.interp_steps": {"en": "Steps along the line", "ko": "직선 위의 단계 수"},
    "vae.interp_row.ends": {"en": "A and B", "ko": "A와 B"},
    "vae.interp_row.path": {"en": "from μ(A) to μ(B)", "ko": "μ(A)에서 μ(B)까지"},
    "vae.interp_caption": {
        "en": "A = #{a} (a {la}) at μ = ({a1:.2f}, {a2:.2f}); B = #{b} (a {lb}) at μ = ({b1:.2f}, {b2:.2f}).",
        "ko": "A = #{a} ({la}), μ = ({a1:.2f}, {a2:.2f}); B = #{b} ({lb}), μ = ({b1:.2f}, {b2:.2f}).",
    },

    # Prior samples
    "vae.prior_title": {"en": "New digits from the prior", "ko": "사전 분포에서 생성한 새 숫자"},
    "vae.prior_intro": {
        "en": "Data generation: draw z from the normal distribution N(0, I) that the KL term pulled the "
              "codes towards, and decode it. None of these images is in the data set.",
        "ko": "데이터 생성: KL 항이 코드를 끌어당긴 정규 분포 N(0, I)에서 z를 뽑아 디코딩합니다. 이 "
              "이미지들은 데이터셋에 없는 새로운 이미지입니다.",
    },
    "vae.prior_redraw": {"en": "Draw new samples", "ko": "새 샘플 뽑기"},
    "vae.prior_caption": {"en": "Samples of z ~ N(0, I), draw #{seed}.", "ko": "z ~ N(0, I) 샘플, {seed}번째 추출."},

    # Training
    "vae.train_title": {"en": "Train your own VAE", "ko": "직접 VAE 학습하기"},
    "vae.train_intro": {
        "en": "Trains {architecture} VAE with a 2-D latent space and β = {beta} (set above). The panel "
              "draws the reconstruction and KL terms as separate curves: watch the KL rise as the codes "
              "spread out, while the reconstruction loss falls.",
        "ko": "2차원 잠재 공간과 β = {beta}(위에서 설정)로 {architecture} VAE를 학습합니다. 패널은 재구성 "
              "손실과 KL 항을 따로 그립니다. 코드가 퍼지면서 KL이 올라가고 재구성 손실이 내려가는 것을 "
              "지켜보세요.",
    },
    "vae.field.channels": {"en": "Channels per encoder block", "ko": "인코더 블록별 채널 수"},
    "vae.field.channels.help": {
        "en": "Output channels of each 4×4 stride-2 convolution (28 → 14 → 7), separated by commas.",
        "ko": "각 4×4 스트라이드 2 컨볼루션(28 → 14 → 7)의 출력 채널 수를 쉼표로 구분해 적습니다.",
    },
    "vae.field.conv_hidden": {"en": "Dense layers after the convolutions", "ko": "컨볼루션 뒤의 완전 연결층"},
    "vae.field.conv_hidden.help": {
        "en": "Sizes of the fully connected layers between the feature maps and (μ, log σ²), separated by "
              "commas; leave empty for none.",
        "ko": "특징 맵과 (μ, log σ²) 사이 완전 연결층의 크기를 쉼표로 구분해 적습니다. 없으면 비워 두세요.",
    },
}
