"""Texts of the Denoising AE page (the source text's DAE section)."""

TEXTS = {
    "dn.title": {"en": "Denoising autoencoder", "ko": "디노이징 오토인코더"},
    "dn.intro": {
        "en": "A **denoising autoencoder (DAE)** adds noise to its input and then removes it, restoring "
              "the original clean data. This helps the model learn the important patterns of the data "
              "and a more robust representation.",
        "ko": "**디노이징 오토인코더**(DAE)는 입력 데이터에 노이즈를 추가한 후, 이를 제거하여 원래의 "
              "깨끗한 데이터를 복원하는 오토인코더입니다. 이는 모델이 데이터의 중요한 패턴을 학습하도록 "
              "도와주며, 더 강건한 표현을 학습할 수 있게 합니다.",
    },
    "dn.purpose": {
        "en": "**Purpose:** add noise to the input, then learn to restore the original clean data. The "
              "model thereby learns features that are robust to noise.",
        "ko": "**목적:** 입력 데이터에 노이즈를 추가한 후, 원래의 깨끗한 데이터를 복원하도록 학습합니다. "
              "이를 통해 모델은 노이즈에 강한 특징을 학습하게 됩니다.",
    },
    "dn.structure": {
        "en": "**Structure:** the encoder compresses the noisy input into a hidden representation h; the "
              "decoder uses h to restore the clean data with the noise removed.",
        "ko": "**구조:** 인코더는 노이즈가 추가된 입력 데이터를 압축하여 은닉 표현(h)으로 변환하고, "
              "디코더는 은닉 표현을 사용하여 노이즈가 제거된 깨끗한 데이터를 복원합니다.",
    },
    "dn.training": {
        "en": "**Training:** add noise n to the input x to make x+n, then learn to restore the original x "
              "from x+n through the encoder and decoder. The loss compares the output with the clean x, "
              "never with x+n.",
        "ko": "**학습 과정:** 입력 데이터(x)에 노이즈(n)를 추가하여 x+n을 만들고, 인코더와 디코더를 통해 "
              "x+n을 원래의 x로 복원하도록 학습합니다. 손실은 출력을 x+n이 아니라 깨끗한 x와 비교합니다.",
    },
    "dn.noise": {"en": "Noise type", "ko": "노이즈 종류"},
    "dn.noise.gaussian": {"en": "Gaussian", "ko": "가우시안"},
    "dn.noise.salt-pepper": {"en": "Salt and pepper", "ko": "소금-후추"},
    "dn.noise.masking": {"en": "Masking", "ko": "마스킹"},
    "dn.noise_help.gaussian": {
        "en": "Every pixel gets random noise from a normal distribution with standard deviation σ.",
        "ko": "모든 픽셀에 표준편차 σ인 정규분포의 무작위 노이즈를 더합니다.",
    },
    "dn.noise_help.salt-pepper": {
        "en": "Each pixel, with probability p, turns fully white or fully black.",
        "ko": "각 픽셀이 확률 p로 완전히 흰색이나 검은색이 됩니다.",
    },
    "dn.noise_help.masking": {
        "en": "Each pixel, with probability p, is dropped (set to black).",
        "ko": "각 픽셀이 확률 p로 지워집니다 (검은색이 됨).",
    },
    "dn.level.gaussian": {"en": "Noise level σ", "ko": "노이즈 세기 σ"},
    "dn.level.salt-pepper": {"en": "Share of pixels hit p", "ko": "바뀌는 픽셀 비율 p"},
    "dn.level.masking": {"en": "Share of pixels dropped p", "ko": "지워지는 픽셀 비율 p"},
    "dn.level_name.gaussian": {"en": "σ", "ko": "σ"},
    "dn.level_name.salt-pepper": {"en": "p", "ko": "p"},
    "dn.level_name.masking": {"en": "p", "ko": "p"},
    "dn.other_digits": {"en": "Other digits", "ko": "다른 숫자"},
    "dn.watch_title": {"en": "Watch denoising", "ko": "노이즈 제거 지켜보기"},
    "dn.watch_intro": {
        "en": "Move the slider: the same test digits are corrupted again and cleaned by the model at once.",
        "ko": "슬라이더를 움직여 보세요. 같은 테스트 숫자에 다시 노이즈를 넣고 모델이 바로 제거합니다.",
    },
    "dn.row.clean": {"en": "clean x", "ko": "깨끗한 x"},
    "dn.row.noisy": {"en": "noisy x+n", "ko": "노이즈 x+n"},
    "dn.row.denoised": {"en": "denoised x′", "ko": "복원 x′"},
    "dn.row_psnr": {
        "en": "Mean PSNR of these digits against the clean ones: noisy input {noisy:.1f} dB, denoised "
              "output {denoised:.1f} dB ({gain:+.1f} dB). Higher is closer to the clean digit.",
        "ko": "깨끗한 숫자와 비교한 이 숫자들의 평균 PSNR: 노이즈 입력 {noisy:.1f} dB, 복원 출력 "
              "{denoised:.1f} dB ({gain:+.1f} dB). 높을수록 깨끗한 숫자에 가깝습니다.",
    },
    "dn.trained_on": {
        "en": "This model was trained with “{noise}” noise at {name} = {level:g}; other noise types and "
              "levels test how far what it learned carries over.",
        "ko": "이 모델은 ‘{noise}’ 노이즈 {name} = {level:g}(으)로 학습되었습니다. 다른 노이즈 종류와 세기에서는 "
              "배운 것이 얼마나 통하는지 시험해 볼 수 있습니다.",
    },
    "dn.trained_clean": {
        "en": "This model was trained on clean inputs (no noise): it is a plain autoencoder.",
        "ko": "이 모델은 노이즈 없이 깨끗한 입력으로 학습되었습니다. 일반 오토인코더입니다.",
    },
    "dn.curve_title": {"en": "How much noise is removed", "ko": "노이즈가 얼마나 제거되는가"},
    "dn.curve_computing": {
        "en": "Measuring PSNR at every noise level on {count:,} test images in the background; the "
              "curves appear here when they are ready.",
        "ko": "테스트 이미지 {count:,}개로 모든 노이즈 수준의 PSNR을 백그라운드에서 측정하는 중입니다. "
              "준비되면 곡선이 여기에 나타납니다.",
    },
    "dn.curve_intro": {
        "en": "PSNR (peak signal-to-noise ratio, in dB) of the noisy input and of each model's output "
              "against the clean digits, on the same {count:,} noisy test images at every level. A plain "
              "autoencoder of the same size, trained on clean digits only, is shown for comparison.",
        "ko": "노이즈 입력과 각 모델 출력의 PSNR(최대 신호 대 잡음비, dB)을 깨끗한 숫자와 비교했습니다. "
              "세기마다 같은 테스트 이미지 {count:,}개에 같은 노이즈를 넣었습니다. 비교를 위해 깨끗한 숫자로만 "
              "학습한 같은 크기의 일반 오토인코더도 함께 보여 줍니다.",
    },
    "dn.curve.input": {"en": "noisy input", "ko": "노이즈 입력"},
    "dn.curve.plain": {"en": "plain AE (clean training)", "ko": "일반 오토인코더 (깨끗한 입력으로 학습)"},
    "dn.curve.dae": {"en": "denoising AE", "ko": "디노이징 오토인코더"},
    "dn.curve.dae_trained": {"en": "your model", "ko": "직접 학습한 모델"},
    "dn.curve.x": {"en": "noise level {name}", "ko": "노이즈 세기 {name}"},
    "dn.curve.y": {"en": "PSNR against the clean digit (dB)", "ko": "깨끗한 숫자 대비 PSNR (dB)"},
    "dn.curve.now": {"en": "now", "ko": "현재"},
    "dn.curve_gain": {
        "en": "At {name} = {level:g}: the denoising AE adds {gain:+.1f} dB over its noisy input{plain}.",
        "ko": "{name} = {level:g}에서 디노이징 오토인코더는 노이즈 입력보다 {gain:+.1f} dB 높습니다{plain}.",
    },
    "dn.curve_gain_plain": {
        "en": ", the plain AE {gain:+.1f} dB",
        "ko": " (일반 오토인코더는 {gain:+.1f} dB)",
    },
    "dn.robust": {
        "en": "Why it works: the DAE never sees the same corruption twice and is always asked for the "
              "clean digit, so it cannot copy its input; it must learn what digits look like, features "
              "robust to noise, and project any noisy input back onto them. The plain AE learned to copy "
              "clean inputs and copies much of the noise too.",
        "ko": "작동 원리: 디노이징 오토인코더는 같은 노이즈를 두 번 보지 않고 항상 깨끗한 숫자를 복원하도록 "
              "요구받으므로 입력을 그대로 베낄 수 없습니다. 숫자가 어떻게 생겼는지, 즉 노이즈에 강한 특징을 "
              "학습하고 어떤 노이즈 입력이든 그 특징 위로 되돌려 놓아야 합니다. 일반 오토인코더는 깨끗한 "
              "입력을 베끼도록 학습했기 때문에 노이즈의 상당 부분도 함께 베낍니다.",
    },
    "dn.plain_missing": {
        "en": "The plain autoencoder for comparison is not available ({message}); the curve shows the "
              "noisy input and the denoising model only.",
        "ko": "비교용 일반 오토인코더를 사용할 수 없습니다 ({message}). 그래프에는 노이즈 입력과 디노이징 "
              "모델만 나타납니다.",
    },
    "dn.yours_title": {"en": "Your own digit", "ko": "내가 쓴 숫자"},
    "dn.yours_intro": {
        "en": "Draw a digit or upload a picture of one: it gets the noise chosen above, and the model "
              "removes it.",
        "ko": "숫자를 그리거나 숫자 사진을 올리세요. 위에서 고른 노이즈를 넣고 모델이 제거합니다.",
    },
    "dn.yours_psnr": {
        "en": "PSNR against your clean digit: noisy {noisy:.1f} dB, denoised {denoised:.1f} dB.",
        "ko": "내 숫자(깨끗한 것) 대비 PSNR: 노이즈 {noisy:.1f} dB, 복원 {denoised:.1f} dB.",
    },
    "dn.train_title": {"en": "Train a denoising autoencoder", "ko": "디노이징 오토인코더 학습하기"},
    "dn.train_intro": {
        "en": "Trains at the noise type and level chosen at the top of the page ({noise}, {name} = "
              "{level:g}): every batch gets fresh noise, and the loss compares the output with the clean "
              "digit. The preview shows the noisy input and what the model makes of it after each epoch.",
        "ko": "페이지 위에서 고른 노이즈 종류와 세기({noise}, {name} = {level:g})로 학습합니다. 배치마다 새 "
              "노이즈를 넣고, 손실은 출력을 깨끗한 숫자와 비교합니다. 미리보기는 에포크마다 노이즈 입력과 "
              "모델의 출력을 보여 줍니다.",
    },
}
