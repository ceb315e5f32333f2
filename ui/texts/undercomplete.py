"""Texts of the Undercomplete AE page (the source text's first section)."""

TEXTS = {
    "uc.title": {"en": "Undercomplete autoencoder", "ko": "언더컴플리트 오토인코더"},
    "uc.intro": {
        "en": "An **undercomplete autoencoder** reduces the dimension in its encoder to extract the "
              "important features of the input. Its goal is to encode the input x into a smaller "
              "hidden representation h, then restore the original input x′ from h through the decoder.",
        "ko": "**언더컴플리트 오토인코더**는 입력 데이터의 중요한 특징을 추출하기 위해 인코더 부분에서 "
              "차원을 축소하는 오토인코더입니다. 이 모델의 목표는 입력 데이터(x)를 더 작은 은닉 표현(h)으로 "
              "인코딩한 후, 이를 디코더를 통해 다시 원래의 입력 데이터(x′)로 복원하는 것입니다.",
    },
    "uc.purpose": {
        "en": "**Purpose:** a compressed representation of the input's important features. In the "
              "process the important information is kept and the unnecessary information removed.",
        "ko": "**목적:** 입력 데이터의 중요한 특징을 압축하여 표현하는 데 있습니다. 이 과정에서 중요한 "
              "정보는 유지하면서 불필요한 정보는 제거됩니다.",
    },
    "uc.structure": {
        "en": "**Structure:** an encoder and a decoder. The encoder compresses the input into fewer "
              "dimensions, and the decoder restores it.",
        "ko": "**구조:** 인코더와 디코더로 구성되며, 인코더는 입력 데이터를 더 작은 차원으로 압축하고, "
              "디코더는 이를 다시 복원합니다.",
    },
    "uc.diagram_caption": {
        "en": "The model in use, layer by layer (sizes are its real layer widths)",
        "ko": "사용 중인 모델의 층 구조 (실제 층 너비)",
    },
    "uc.recon_title": {"en": "Reconstructions", "ko": "복원 결과"},
    "uc.recon_intro": {
        "en": "Test images and what the decoder rebuilds from their {dim}-number code h. Mean squared "
              "error over these images: {mse:.4f}.",
        "ko": "테스트 이미지와, 디코더가 {dim}개 숫자로 된 코드 h만으로 복원한 결과입니다. 이 이미지들의 "
              "평균 제곱 오차: {mse:.4f}.",
    },
    "uc.recon_shuffle": {"en": "Other test images", "ko": "다른 테스트 이미지"},
    "uc.latent_title": {"en": "The latent space", "ko": "잠재 공간"},
    "uc.latent_intro": {
        "en": "Each dot is one of the {count:,} test images, placed at its code h and coloured by its "
              "digit. The model never saw a label, yet images of the same digit land close together: "
              "the code kept what tells digits apart.",
        "ko": "각 점은 테스트 이미지 {count:,}개 중 하나로, 코드 h 위치에 숫자별 색으로 찍혀 있습니다. "
              "모델은 레이블을 본 적이 없지만 같은 숫자의 이미지가 가까이 모입니다. 코드가 숫자를 "
              "구별하는 정보를 유지한 것입니다.",
    },
    "uc.train_intro": {
        "en": "A smaller latent size compresses more: try 2 (a map you can see) against 16 or 32 "
              "(sharper reconstructions, shown through PCA).",
        "ko": "잠재 차원이 작을수록 더 많이 압축합니다. 2(눈으로 볼 수 있는 지도)와 16이나 32(더 선명한 "
              "복원, PCA로 표시)를 비교해 보세요.",
    },
}
