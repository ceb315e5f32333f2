"""Texts of "The code behind this page" (ui/code_view.py): the section, the command line that
reproduces the model, each piece's title and each marked line's explanation (ae_core/code_listing.py)."""

TEXTS = {
    "code.title": {"en": "The code behind this page", "ko": "이 페이지 뒤의 코드"},
    "code.intro": {
        "en": "This is the PyTorch code that builds, runs and trains the model above, read from the engine's "
              "own files as the app runs, so it is exactly what runs. Marked lines carry this page's idea; "
              "each is explained beside its code.",
        "ko": "위 모델을 만들고 실행하고 학습시키는 PyTorch 코드입니다. 앱이 실행될 때 엔진의 파일에서 그대로 읽어 오므로 "
              "실제로 실행되는 코드와 똑같습니다. 표시된 줄이 이 페이지의 핵심이며, 코드 옆에 각 줄의 설명이 있습니다."},
    "code.expander": {"en": "Show the code ({count} pieces)", "ko": "코드 보기 ({count}개)"},
    "code.where": {"en": "`{path}`, lines {first}–{last}", "ko": "`{path}`, {first}–{last}행"},
    "code.marked": {"en": "Marked lines", "ko": "표시된 줄"},
    "code.line": {"en": "line {number}", "ko": "{number}행"},
    "code.no_marks": {"en": "Read it for the whole picture; no line of it is marked.",
                      "ko": "전체 흐름을 보여 주는 코드로, 따로 표시된 줄은 없습니다."},
    "code.missing": {
        "en": "The code of this piece could not be read: {message}",
        "ko": "이 부분의 코드를 읽을 수 없습니다: {message}"},
    "code.family.ae": {"en": "MLP autoencoder", "ko": "MLP 오토인코더"},
    "code.family.stacked": {"en": "stacked autoencoder", "ko": "스택 오토인코더"},
    "code.family.conv": {"en": "convolutional autoencoder", "ko": "컨볼루션 오토인코더"},
    "code.family.vae": {"en": "variational autoencoder", "ko": "변분 오토인코더"},
    "code.showing": {"en": "The code of the model in view: a {family}.",
                     "ko": "지금 보이는 모델의 코드: {family}."},

    "code.reproduce.title": {"en": "Reproduce this model", "ko": "이 모델 재현하기"},
    "code.reproduce.intro": {
        "en": "One command trains this model again with its exact settings and seed, and prints the test "
              "metrics it reaches (add `--json` for a machine-readable line). On the same machine it gives "
              "the same numbers as the page.",
        "ko": "아래 명령 하나가 이 모델을 같은 설정과 시드로 다시 학습시키고, 도달한 테스트 지표를 출력합니다"
              "(`--json`을 붙이면 기계가 읽기 좋은 한 줄). 같은 기계에서는 페이지와 같은 숫자가 나옵니다."},
    "code.reproduce.link": {"en": "[the command that reproduces it](#reproduce)",
                            "ko": "[이 모델을 재현하는 명령](#reproduce)"},
    "code.reproduce.model": {"en": "**{description}** · {source}", "ko": "**{description}** · {source}"},
    "code.reproduce.metrics": {"en": "Test metrics it reported: {metrics}", "ko": "보고된 테스트 지표: {metrics}"},
    "code.reproduce.unavailable": {
        "en": "No command line reproduces this model: {message}",
        "ko": "이 모델을 재현하는 명령줄이 없습니다: {message}"},
    "code.reproduce.none": {"en": "No model is in view yet.", "ko": "아직 보이는 모델이 없습니다."},

    # Pieces (ae_core/code_listing.py: Piece.key)
    "code.piece.training.train.step": {
        "en": "The training step (ae_core.training.train), the same for every family",
        "ko": "학습 단계 (ae_core.training.train): 모든 종류에 같은 코드"},
    "code.piece.models.base.Autoencoder.loss": {
        "en": "The loss: reconstruction error of the batch", "ko": "손실: 배치의 재구성 오차"},
    "code.piece.models.base.reconstruction_terms": {
        "en": "Reconstruction error per image", "ko": "이미지마다의 재구성 오차"},
    "code.piece.models.ae.UndercompleteAE": {
        "en": "The model: an MLP encoder and its mirrored decoder", "ko": "모델: MLP 인코더와 거울처럼 대칭인 디코더"},
    "code.piece.models.stacked.StackedAE.layer_codes": {
        "en": "The encoder, layer by layer (We1 … WeK)", "ko": "인코더, 층마다 (We1 … WeK)"},
    "code.piece.models.stacked.StackedAE._decode_from": {
        "en": "The decoder, from a given layer down (Wd1 … WdK)", "ko": "디코더, 주어진 층부터 아래로 (Wd1 … WdK)"},
    "code.piece.models.stacked.GreedyStage.__init__": {
        "en": "A greedy stage: which weights it trains", "ko": "탐욕적 단계: 어떤 가중치를 학습하는가"},
    "code.piece.models.stacked.GreedyStage.stage_inputs": {
        "en": "A greedy stage's inputs: the codes of the frozen layers below",
        "ko": "탐욕적 단계의 입력: 아래쪽 고정된 층들의 코드"},
    "code.piece.models.stacked.GreedyStage.loss": {
        "en": "A greedy stage's loss: rebuild the codes below", "ko": "탐욕적 단계의 손실: 아래 층의 코드를 재구성"},
    "code.piece.training.train.trainable": {
        "en": "What the optimiser sees", "ko": "옵티마이저가 보는 것"},
    "code.piece.noise.corrupt": {"en": "Corrupting the inputs", "ko": "입력 손상시키기"},
    "code.piece.noise.gaussian": {"en": "Gaussian noise", "ko": "가우시안 노이즈"},
    "code.piece.noise.salt_and_pepper": {"en": "Salt-and-pepper noise", "ko": "소금-후추 노이즈"},
    "code.piece.noise.masking": {"en": "Masking noise", "ko": "마스킹 노이즈"},
    "code.piece.models.conv.ConvAE.__init__": {
        "en": "The model's layers: convolutions, pooling and the chosen decoder",
        "ko": "모델의 층: 컨볼루션, 풀링, 선택한 디코더"},
    "code.piece.models.conv.ConvAE._encode": {
        "en": "The encoder: convolution and max pooling, keeping where each maximum was",
        "ko": "인코더: 컨볼루션과 최대 풀링, 각 최댓값의 위치를 기억"},
    "code.piece.models.conv.ConvAE._decode": {
        "en": "The decoder: unpooling, upsampling or transposed convolution",
        "ko": "디코더: 언풀링, 업샘플링 또는 전치 컨볼루션"},
    "code.piece.models.conv.ConvAE.loss": {"en": "The loss", "ko": "손실"},
    "code.piece.models.conv.ConvAE.reconstruction_logits": {
        "en": "Reconstruction: the pooling positions go from encoder to decoder",
        "ko": "재구성: 풀링 위치가 인코더에서 디코더로 전달됨"},
    "code.piece.models.vae.VAE.posterior": {
        "en": "The encoder's output: q(z|x) as a mean and a log-variance",
        "ko": "인코더의 출력: 평균과 로그 분산으로 나타낸 q(z|x)"},
    "code.piece.models.vae.VAE.reparameterize": {
        "en": "The reparameterisation trick", "ko": "재매개변수화 트릭"},
    "code.piece.models.vae.kl_divergence": {
        "en": "The KL term: how far q(z|x) is from N(0, I)", "ko": "KL 항: q(z|x)가 N(0, I)에서 얼마나 먼가"},
    "code.piece.models.vae.VAE.loss": {
        "en": "The loss: reconstruction + β · KL", "ko": "손실: 재구성 + β · KL"},

    # Marked lines (ae_core/code_listing.py: Mark.concept)
    "code.mark.step_loss": {
        "en": "The model's loss for this batch: the network runs forward here.",
        "ko": "이 배치에 대한 모델의 손실: 여기서 네트워크가 순전파됩니다."},
    "code.mark.backward": {
        "en": "Backpropagation: the gradient of the loss with respect to every trainable weight.",
        "ko": "역전파: 학습되는 모든 가중치에 대한 손실의 기울기를 계산합니다."},
    "code.mark.update": {
        "en": "Adam moves every trainable weight a small step against its gradient.",
        "ko": "Adam이 학습되는 모든 가중치를 기울기의 반대 방향으로 조금 움직입니다."},
    "code.mark.noisy_inputs": {
        "en": "Where noise corrupts the input: the model sees `inputs` (noisy), while the loss compares "
              "its output with `targets` (the clean images).",
        "ko": "노이즈가 입력을 손상시키는 곳: 모델은 노이즈가 섞인 `inputs`를 보고, 손실은 출력을 깨끗한 원본 "
              "`targets`와 비교합니다."},
    "code.mark.bce": {
        "en": "Binary cross-entropy on the logits, summed over the 784 pixels of each image.",
        "ko": "로짓에 대한 이진 교차 엔트로피를 이미지마다 784개 픽셀에 걸쳐 더합니다."},
    "code.mark.bottleneck": {
        "en": "The layer sizes narrow from 784 pixels to the code: the bottleneck that makes the "
              "autoencoder undercomplete.",
        "ko": "층의 크기가 784개 픽셀에서 코드까지 좁아집니다: 오토인코더를 언더컴플리트로 만드는 병목입니다."},
    "code.mark.mirror": {
        "en": "The decoder is the encoder's layer sizes in reverse: code back to 784 pixels.",
        "ko": "디코더는 인코더의 층 크기를 거꾸로 쌓은 것입니다: 코드에서 다시 784개 픽셀로."},
    "code.mark.encode": {
        "en": "Encoding: a 28×28 image is flattened and squeezed into the code h.",
        "ko": "인코딩: 28×28 이미지를 펼쳐 코드 h로 압축합니다."},
    "code.mark.recon_loss": {
        "en": "Encode, decode, and compare with the target: the reconstruction loss.",
        "ko": "인코딩하고, 디코딩하고, 목표와 비교합니다: 재구성 손실."},
    "code.mark.stacked_layers": {
        "en": "The encoder's layers applied in turn, each one's output the next one's input.",
        "ko": "인코더의 층이 차례로 적용되고, 각 층의 출력이 다음 층의 입력이 됩니다."},
    "code.mark.linear_code": {
        "en": "Every layer but the last has an activation; the code layer stays linear.",
        "ko": "마지막 층을 뺀 모든 층에 활성화 함수가 있고, 코드 층은 선형으로 남습니다."},
    "code.mark.stage_trains": {
        "en": "Stage k trains one encoder layer, Wek ...",
        "ko": "k번째 단계는 인코더 층 하나, Wek를 학습하고 ..."},
    "code.mark.stage_mirror": {
        "en": "... and its mirror in the decoder: together a shallow autoencoder.",
        "ko": "... 디코더에서 그 짝이 되는 층도 학습합니다: 둘이 얕은 오토인코더 하나를 이룹니다."},
    "code.mark.frozen_outside": {
        "en": "The whole model is kept out of the stage's parameters, so the optimiser never sees the "
              "lower layers: they stay frozen.",
        "ko": "전체 모델을 단계의 파라미터 밖에 두므로 옵티마이저가 아래쪽 층을 보지 못합니다: 그 층들은 "
              "고정된 채로 남습니다."},
    "code.mark.frozen_no_grad": {
        "en": "No gradients flow through the frozen lower layers.",
        "ko": "고정된 아래쪽 층으로는 기울기가 흐르지 않습니다."},
    "code.mark.frozen_codes": {
        "en": "The frozen layers We1 … We(k-1) turn each image into the code that stage k learns from.",
        "ko": "고정된 층 We1 … We(k-1)이 각 이미지를 k번째 단계가 배울 코드로 바꿉니다."},
    "code.mark.stage_target": {
        "en": "Deeper stages rebuild the code of the layer below, not the pixels.",
        "ko": "더 깊은 단계는 픽셀이 아니라 아래 층의 코드를 재구성합니다."},
    "code.mark.trainable_only": {
        "en": "Only the parameters that require gradients reach the optimiser: for a greedy stage, its "
              "two layers.",
        "ko": "기울기가 필요한 파라미터만 옵티마이저에 전달됩니다: 탐욕적 단계라면 그 단계의 두 층뿐입니다."},
    "code.mark.corrupt_dispatch": {
        "en": "The chosen kind of noise is applied at the chosen level.",
        "ko": "선택한 종류의 노이즈를 선택한 세기로 적용합니다."},
    "code.mark.gaussian": {
        "en": "Each pixel gets N(0, σ²) noise added, then is clipped back to [0, 1].",
        "ko": "각 픽셀에 N(0, σ²) 노이즈를 더한 뒤 [0, 1]로 잘라 냅니다."},
    "code.mark.salt_pepper": {
        "en": "Hit pixels become black or white (0 or 1); the rest stay as they were.",
        "ko": "선택된 픽셀은 검정이나 흰색(0 또는 1)이 되고, 나머지는 그대로입니다."},
    "code.mark.masking": {
        "en": "Each pixel is kept with probability 1 − p and dropped to 0 otherwise.",
        "ko": "각 픽셀은 확률 1 − p로 유지되고, 그렇지 않으면 0으로 지워집니다."},
    "code.mark.return_indices": {
        "en": "Max pooling that also returns where each maximum was: the pooling indices.",
        "ko": "각 최댓값의 위치(풀링 인덱스)도 함께 돌려주는 최대 풀링입니다."},
    "code.mark.unpool_layer": {
        "en": "Max-unpooling: puts each value back at a recorded position, zeros elsewhere.",
        "ko": "맥스 언풀링: 각 값을 기록된 위치에 되돌려 놓고 나머지는 0으로 채웁니다."},
    "code.mark.pool_indices": {
        "en": "Pooling keeps each 2×2 window's maximum and `where` it was.",
        "ko": "풀링은 2×2 창마다 최댓값과 그 위치 `where`를 남깁니다."},
    "code.mark.keep_indices": {
        "en": "The positions are kept for the decoder's unpooling.",
        "ko": "그 위치를 디코더의 언풀링을 위해 보관합니다."},
    "code.mark.unpool_where": {
        "en": "Unpooling uses the encoder's positions for this block (or fixed ones when decoding a code "
              "alone, with no image to take them from).",
        "ko": "언풀링은 이 블록에 대한 인코더의 위치를 씁니다(이미지 없이 코드만 디코딩할 때는 고정된 위치)."},
    "code.mark.unpool": {
        "en": "Each value goes back where its maximum came from.",
        "ko": "각 값이 원래 최댓값이 있던 자리로 돌아갑니다."},
    "code.mark.indices_passed": {
        "en": "Training reconstructs through the pooling indices of the same images.",
        "ko": "학습은 같은 이미지의 풀링 인덱스를 거쳐 재구성합니다."},
    "code.mark.encode_with_indices": {
        "en": "The encoder hands its pooling indices to the decoder along with the code.",
        "ko": "인코더가 코드와 함께 풀링 인덱스를 디코더에 넘깁니다."},
    "code.mark.posterior_head": {
        "en": "One linear layer gives the mean μ and the log-variance log σ² of q(z|x).",
        "ko": "선형 층 하나가 q(z|x)의 평균 μ와 로그 분산 log σ²을 출력합니다."},
    "code.mark.eps": {
        "en": "ε ~ N(0, I): the randomness comes from outside the network ...",
        "ko": "ε ~ N(0, I): 무작위성은 네트워크 밖에서 옵니다 ..."},
    "code.mark.reparam": {
        "en": "... so z = μ + σ · ε is a sample of q(z|x) that gradients can flow through to μ and σ.",
        "ko": "... 그래서 z = μ + σ · ε는 기울기가 μ와 σ까지 흐를 수 있는 q(z|x)의 표본입니다."},
    "code.mark.kl": {
        "en": "KL(q(z|x) ‖ N(0, I)) in closed form, summed over the latent dimensions.",
        "ko": "KL(q(z|x) ‖ N(0, I))의 닫힌 형태로, 잠재 차원에 걸쳐 더합니다."},
    "code.mark.sample_decode": {
        "en": "The decoder sees a sampled z, not the mean: this is what trains a smooth latent space.",
        "ko": "디코더는 평균이 아니라 샘플링한 z를 봅니다: 이것이 매끄러운 잠재 공간을 학습시킵니다."},
    "code.mark.beta": {
        "en": "The loss the optimiser minimises: reconstruction + β · KL (the page's β slider).",
        "ko": "옵티마이저가 최소화하는 손실: 재구성 + β · KL (페이지의 β 슬라이더)."},
}
