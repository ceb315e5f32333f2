"""Texts of the explorer of codes above two dimensions (ui/explore.py), on the Undercomplete and
Variational pages."""

TEXTS = {
    "explore.view": {"en": "View", "ko": "보기"},
    "explore.view.lesson": {"en": "Lesson", "ko": "수업"},
    "explore.view.explore": {"en": "Latent spaces above 2-D", "ko": "2차원을 넘는 잠재 공간"},
    "explore.title": {"en": "Latent spaces above two dimensions", "ko": "2차원을 넘는 잠재 공간"},
    "explore.intro.undercomplete": {
        "en": "A 2-D code can be drawn as it is; a code of 8, 16 or 32 numbers cannot. Here are three ways "
              "to look at one: a slider per number h_j of the code, decoded when you let go; a traversal "
              "(each number swept over its range while the others stay put) that shows what each one "
              "controls; and the test codes mapped to 2-D in two ways, each with what it distorts.",
        "ko": "2차원 코드는 그대로 그릴 수 있지만 8, 16, 32개의 수로 된 코드는 그릴 수 없습니다. 여기서는 세 가지 "
              "방법으로 살펴봅니다: 코드의 각 수 h_j마다 하나씩 있는 슬라이더(놓으면 디코딩됩니다), 한 수를 범위 "
              "전체로 바꾸고 나머지는 그대로 둔 순회(traversal)로 각 수가 무엇을 조절하는지 보기, 그리고 테스트 "
              "코드를 두 가지 방법으로 2차원에 옮긴 지도(각각 무엇을 왜곡하는지 함께)입니다.",
    },
    "explore.intro.vae": {
        "en": "The VAE's latent variable z need not be 2-D. Pick a code size and a β: a slider per latent "
              "variable z_j, decoded when you let go; a traversal (each z_j swept over ±3 standard deviations "
              "of the prior while the others stay put); how much information each z_j carries; and the "
              "test codes (the means μ of q(z|x)) mapped to 2-D in two ways.",
        "ko": "VAE의 잠재 변수 z가 꼭 2차원일 필요는 없습니다. 코드 크기와 β를 고르세요: 잠재 변수 z_j마다 하나씩 "
              "있는 슬라이더(놓으면 디코딩됩니다), 각 z_j를 사전 분포의 ±3 표준편차 범위로 바꾸고 나머지는 그대로 "
              "둔 순회(traversal), 각 z_j가 담는 정보량, 그리고 테스트 코드(q(z|x)의 평균 μ)를 두 가지 방법으로 "
              "2차원에 옮긴 지도입니다.",
    },
    "explore.setting": {"en": "Code size", "ko": "코드 크기"},
    "explore.setting.ae": {"en": "{dim}-D", "ko": "{dim}차원"},
    "explore.setting.vae": {"en": "{dim}-D, β = {beta}", "ko": "{dim}차원, β = {beta}"},
    "explore.need_training": {
        "en": "No shipped model for {setting}: train one in the panel below (a few seconds).",
        "ko": "{setting}에 맞는 제공 모델이 없습니다. 아래 패널에서 학습하세요(몇 초 걸립니다).",
    },
    "explore.using_pretrained": {"en": "Shipped pretrained model:", "ko": "제공된 사전 학습 모델:"},
    "explore.using_trained": {"en": "Your model ({epochs} epochs):", "ko": "직접 학습한 모델({epochs} 에폭):"},
    "explore.computing": {
        "en": "Encoding the {count:,} test images for the explorer…",
        "ko": "탐색기를 위해 테스트 이미지 {count:,}장을 인코딩하는 중…",
    },
    "explore.digit": {"en": "Start from the code of this test digit", "ko": "이 테스트 숫자의 코드에서 시작"},
    "explore.sliders.intro": {
        "en": "Each slider is one number of the code, {symbol}1 … {symbol}{dim}, starting at the digit {digit}'s "
              "code; its label gives how active that number is. The image is decoded when you let go.",
        "ko": "슬라이더 하나가 코드의 수 하나({symbol}1 … {symbol}{dim})이며 숫자 {digit}의 코드에서 시작합니다. "
              "이름 옆의 값은 그 수가 얼마나 쓰이는지입니다. 슬라이더를 놓으면 이미지가 디코딩됩니다.",
    },
    "explore.activity.kl": {"en": "KL {value:.2f}", "ko": "KL {value:.2f}"},
    "explore.activity.std": {"en": "sd {value:.2f}", "ko": "표준편차 {value:.2f}"},
    "explore.reset": {"en": "Back to the digit {digit}'s code", "ko": "숫자 {digit}의 코드로 되돌리기"},
    "explore.decoded_caption": {
        "en": "The test digit {digit} · the decoder's image of the sliders' code {symbol}",
        "ko": "테스트 숫자 {digit} · 슬라이더의 코드 {symbol}을(를) 디코더가 만든 이미지",
    },
    "explore.moved": {"en": "{count} of {dim} numbers moved from the digit's code.",
                      "ko": "{dim}개 중 {count}개의 수를 숫자의 코드에서 옮겼습니다."},
    "explore.traversal.title": {"en": "Traversal", "ko": "순회 (traversal)"},
    "explore.traversal.all": {"en": "All {dim} rows", "ko": "{dim}개 행 모두"},
    "explore.traversal.caption": {
        "en": "Each row sweeps one number of the sliders' code {symbol} from the low end of its range (left) to "
              "the high end (right), the others held; {shown} of {dim} rows, {kind}.",
        "ko": "각 행은 슬라이더의 코드 {symbol}에서 한 수만 범위의 낮은 끝(왼쪽)에서 높은 끝(오른쪽)까지 바꾸고 "
              "나머지는 그대로 둡니다. {dim}개 중 {shown}개 행, {kind}.",
    },
    "explore.order.kl": {"en": "most informative first", "ko": "정보량이 큰 순서"},
    "explore.order.std": {"en": "widest spread first", "ko": "퍼짐이 큰 순서"},
    "explore.activity.title": {"en": "How much each number is used", "ko": "각 수가 얼마나 쓰이는가"},
    "explore.activity_axis.kl": {"en": "mean KL(q(z_j|x) ‖ N(0,1)), nats", "ko": "평균 KL(q(z_j|x) ‖ N(0,1)), nats"},
    "explore.activity_axis.std": {"en": "standard deviation over test codes", "ko": "테스트 코드의 표준편차"},
    "explore.activity_caption.kl": {
        "en": "A latent variable's KL is the information it carries about an image, averaged over the test "
              "images. {unused} of {dim} carry almost none (below 0.05 nats): their q(z_j|x) is the prior "
              "for every image, and the decoder learnt to ignore them; their traversal rows stay the same.",
        "ko": "잠재 변수의 KL은 그 변수가 이미지에 대해 담는 정보량을 테스트 이미지 전체에서 평균한 값입니다. "
              "{dim}개 중 {unused}개는 거의 정보를 담지 않습니다(0.05 nats 미만): 어떤 이미지에서도 q(z_j|x)가 사전 "
              "분포와 같고, 디코더는 이 변수를 무시하도록 학습되었습니다. 이런 변수의 순회 행은 변하지 않습니다.",
    },
    "explore.activity_caption.std": {
        "en": "A plain autoencoder has no prior, so a number's spread over the test codes stands in for how "
              "much it is used; the scale itself means nothing (another run can stretch one number and "
              "shrink another).",
        "ko": "일반 오토인코더에는 사전 분포가 없어서, 테스트 코드에서 한 수가 퍼진 정도로 얼마나 쓰이는지를 "
              "봅니다. 크기 자체에는 의미가 없습니다(다른 학습에서는 어떤 수는 늘고 어떤 수는 줄 수 있습니다).",
    },
    "explore.maps.title": {"en": "The test codes in two dimensions", "ko": "2차원으로 옮긴 테스트 코드"},
    "explore.maps.intro": {
        "en": "Two maps of the same codes, coloured by digit; hover a point for its image.",
        "ko": "같은 코드의 두 지도이며 숫자별로 색을 칠했습니다. 점 위에 마우스를 올리면 이미지가 보입니다.",
    },
    "explore.pca.title": {"en": "PCA (linear)", "ko": "PCA (선형)"},
    "explore.pca.caption": {
        "en": "The two directions in which the {dim}-D codes vary most; they keep {explained:.0%} of the "
              "codes' variance. Distances along them are true; everything along the other directions is "
              "flattened onto them, so digits that differ there overlap here.",
        "ko": "{dim}차원 코드가 가장 크게 변하는 두 방향이며, 코드 분산의 {explained:.0%}를 설명합니다. 이 방향의 "
              "거리는 실제와 같지만 나머지 방향의 차이는 모두 눌려 사라지므로, 그 방향에서만 다른 숫자들은 여기서 "
              "겹칩니다.",
    },
    "explore.tsne.title": {"en": "t-SNE (neighbourhoods)", "ko": "t-SNE (이웃 보존)"},
    "explore.tsne.caption": {
        "en": "t-SNE of the first {count:,} test codes ({dim}-D): codes that are neighbours in the code space "
              "stay neighbours here, so clusters show. The sizes of clusters, the gaps between them and the "
              "axes mean nothing.",
        "ko": "첫 {count:,}개 테스트 코드({dim}차원)의 t-SNE입니다. 코드 공간에서 이웃인 코드는 여기서도 이웃이라 "
              "군집이 드러납니다. 군집의 크기, 군집 사이의 간격, 축은 의미가 없습니다.",
    },
    "explore.tsne.computing": {
        "en": "Computing the t-SNE map of {count:,} codes in the background:",
        "ko": "코드 {count:,}개의 t-SNE 지도를 백그라운드에서 계산하는 중:",
    },
    "explore.panel_title": {"en": "Train your own {setting} model", "ko": "{setting} 모델 직접 학습하기"},
    "explore.panel_intro": {
        "en": "A {setting} model with the shipped one's network, trained quickly; the explorer then shows it.",
        "ko": "제공 모델과 같은 신경망의 {setting} 모델을 빠르게 학습합니다. 학습이 끝나면 탐색기가 이 모델을 "
              "보여 줍니다.",
    },

    # What beta does (VAE page)
    "explore.beta.title": {"en": "What β does to the latent space", "ko": "β가 잠재 공간에 하는 일"},
    "explore.beta.intro": {
        "en": "The loss weighs the KL term by β. A larger β presses each q(z|x) harder towards the prior "
              "N(0, I): the model keeps fewer latent variables in use, and those it keeps tend to vary "
              "more independently of each other (β-VAE, Higgins et al. 2017); the price is a worse "
              "reconstruction and blurrier images. Two shipped 16-D VAEs with the same network and "
              "training, β = 1 and β = 4, measured on the test images:",
        "ko": "손실 함수는 KL 항에 β를 곱합니다. β가 크면 각 q(z|x)를 사전 분포 N(0, I) 쪽으로 더 세게 누릅니다: "
              "모델은 더 적은 수의 잠재 변수만 쓰고, 남은 변수들은 서로 더 독립적으로 변하는 경향이 있습니다"
              "(β-VAE, Higgins 외 2017). 대가는 더 나쁜 재구성과 더 흐린 이미지입니다. 같은 신경망과 학습으로 "
              "만든 두 16차원 제공 VAE(β = 1, β = 4)를 테스트 이미지에서 측정했습니다:",
    },
    "explore.beta.computing": {"en": "Measuring the two VAEs…", "ko": "두 VAE를 측정하는 중…"},
    "explore.beta.missing": {
        "en": "The comparison needs both shipped 16-D VAEs: {message}",
        "ko": "비교에는 두 16차원 제공 VAE가 모두 필요합니다: {message}",
    },
    "explore.beta.col.measure": {"en": "Measure", "ko": "측정값"},
    "explore.beta.row.active": {"en": "Active latent variables (Var μ_j > 0.01)",
                                "ko": "쓰이는 잠재 변수 (Var μ_j > 0.01)"},
    "explore.beta.row.correlation": {"en": "Mean |correlation| between active μ_j",
                                     "ko": "쓰이는 μ_j 사이의 평균 |상관계수|"},
    "explore.beta.row.recon": {"en": "Reconstruction (BCE per image, nats)", "ko": "재구성 (이미지당 BCE, nats)"},
    "explore.beta.row.kl": {"en": "KL per image (nats)", "ko": "이미지당 KL (nats)"},
    "explore.beta.row.grey": {"en": "Grey pixels in prior samples (blur)", "ko": "사전 분포 샘플의 회색 픽셀 (흐림)"},
    "explore.beta.protocol": {
        "en": "On the first {images:,} test images and {samples} samples from the prior. Grey: pixels "
              "between 0.2 and 0.8, neither ink nor paper; real test digits have {data_grey:.1%}.",
        "ko": "첫 {images:,}개 테스트 이미지와 사전 분포 샘플 {samples}개에서 측정했습니다. 회색: 0.2와 0.8 사이의 "
              "픽셀(잉크도 배경도 아님)이며, 실제 테스트 숫자는 {data_grey:.1%}입니다.",
    },
    "explore.beta.chart_title": {"en": "KL of each latent variable, largest first",
                                 "ko": "잠재 변수별 KL (큰 순서)"},
    "explore.beta.chart_x": {"en": "latent variable (by rank)", "ko": "잠재 변수 (순위)"},
    "explore.beta.chart_y": {"en": "mean KL, nats", "ko": "평균 KL, nats"},
    "explore.beta.samples": {"en": "Samples from the prior, β = {beta}", "ko": "사전 분포에서 뽑은 샘플, β = {beta}"},
    "explore.beta.read.active": {
        "en": "Here β = {beta} keeps {high} of {dim} latent variables in use, against {low} with β = 1.",
        "ko": "여기서 β = {beta}인 모델은 {dim}개 중 {high}개의 잠재 변수를 쓰고, β = 1인 모델은 {low}개를 씁니다.",
    },
    "explore.beta.read.correlation_less": {
        "en": "Those it keeps are less correlated ({high:.2f} against {low:.2f}).",
        "ko": "남은 변수들의 상관은 더 작습니다({low:.2f} 대비 {high:.2f}).",
    },
    "explore.beta.read.correlation_more": {
        "en": "In this pair, those it keeps are not less correlated ({high:.2f} against {low:.2f}): fewer "
              "variables do not by themselves make independent ones.",
        "ko": "이 두 모델에서는 남은 변수들의 상관이 더 작지 않습니다({low:.2f} 대비 {high:.2f}): 변수가 줄었다고 "
              "저절로 독립적이 되지는 않습니다.",
    },
    "explore.beta.read.blurrier": {
        "en": "Its samples are blurrier ({high:.1%} grey pixels against {low:.1%}) and its reconstructions "
              "worse ({recon_high:.1f} against {recon_low:.1f} nats).",
        "ko": "샘플은 더 흐리고(회색 픽셀 {low:.1%} 대비 {high:.1%}) 재구성은 더 나쁩니다({recon_low:.1f} 대비 "
              "{recon_high:.1f} nats).",
    },
    "explore.beta.read.sharper": {
        "en": "Its samples are not blurrier by this measure ({high:.1%} grey pixels against {low:.1%}), though "
              "its reconstructions are worse ({recon_high:.1f} against {recon_low:.1f} nats).",
        "ko": "이 측정으로는 샘플이 더 흐리지 않지만(회색 픽셀 {low:.1%} 대비 {high:.1%}) 재구성은 더 나쁩니다"
              "({recon_low:.1f} 대비 {recon_high:.1f} nats).",
    },
}
