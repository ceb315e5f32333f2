"""Texts of the Stacked (deep) AE page (the source text's second section)."""

TEXTS = {
    "stacked.title": {"en": "Stacked (deep) autoencoder", "ko": "스택 (딥) 오토인코더"},
    "stacked.intro": {
        "en": "A **stacked autoencoder** builds a deep network by stacking several autoencoders layer "
              "on layer. It has the same advantages as an ordinary deep feedforward neural network.",
        "ko": "**스택 오토인코더**(Stacked Autoencoders)는 여러 개의 오토인코더를 층층이 쌓아서 깊은 "
              "신경망을 구성하는 방법입니다. 이는 일반적인 심층 전방향 신경망(deep feedforward neural "
              "networks)과 유사한 이점을 가집니다.",
    },
    "stacked.concepts": {
        "en": "**Main concepts**\n"
              "1. **Input and output layers:** input x₁ … x₅, output x̂₁ … x̂₅.\n"
              "2. **Hidden layers:** the first hidden layer h₁, h₂; the second hidden layer h₃, h₄.\n"
              "3. **Weight matrices:** We1, We2, We3, We4 are the encoding weights; Wd1, Wd2, Wd3, Wd4 "
              "the decoding weights.",
        "ko": "**주요 개념**\n"
              "1. **입력 및 출력 레이어:** 입력 레이어 x₁ … x₅, 출력 레이어 x̂₁ … x̂₅\n"
              "2. **은닉 레이어:** 첫 번째 은닉 레이어 h₁, h₂, 두 번째 은닉 레이어 h₃, h₄\n"
              "3. **가중치 행렬:** We1, We2, We3, We4는 인코딩 가중치, Wd1, Wd2, Wd3, Wd4는 디코딩 가중치",
    },
    "stacked.advantages": {
        "en": "**Advantages**\n"
              "1. **Feature extraction:** a more concise representation of the data's important features.\n"
              "2. **Noise removal:** when the input contains noise, a cleaner version can be restored.\n"
              "3. **Learning efficiency:** the deep structure can learn more complex patterns in the data.",
        "ko": "**장점**\n"
              "1. **특징 추출:** 데이터의 중요한 특징을 추출하여 더 간결한 표현을 제공합니다.\n"
              "2. **노이즈 제거:** 입력 데이터에 노이즈가 포함되어 있을 때 이를 제거하여 더 깨끗한 데이터를 "
              "복원할 수 있습니다.\n"
              "3. **학습 효율성:** 깊은 네트워크 구조를 통해 더 복잡한 데이터 패턴을 학습할 수 있습니다.",
    },
    "stacked.structure": {
        "en": "**Structure:** the input layer takes the original data; the encoder layers compress it "
              "step by step into a smaller hidden representation; the decoder layers restore from it an "
              "output x̂ close to the original. The model thus learns the data's important features and "
              "reconstructs the data from them.",
        "ko": "**구조 설명:** 입력 레이어는 원본 데이터를 입력합니다. 인코더 레이어는 데이터를 점차 압축하여 "
              "더 작은 은닉 표현을 생성하고, 디코더 레이어는 압축된 은닉 표현을 원래 데이터와 유사한 "
              "출력(x̂)으로 복원합니다. 이를 통해 모델은 입력 데이터의 중요한 특징을 학습하고, 이를 기반으로 "
              "데이터를 재구성할 수 있습니다.",
    },
    "stacked.mode": {"en": "Network", "ko": "네트워크"},
    "stacked.mode.toy": {"en": "The source text's network (5 inputs)", "ko": "본문의 네트워크 (입력 5개)"},
    "stacked.mode.mnist": {"en": "MNIST digits (784 inputs)", "ko": "MNIST 숫자 (입력 784개)"},

    # The network drawing
    "stacked.network_title": {"en": "The network", "ko": "네트워크 구조"},
    "stacked.network_toy": {
        "en": "Every neuron and every weight of the network, drawn from the model's real weights: "
              "blue edges are positive weights, red ones negative, and thicker means larger. Hover an "
              "edge for its value. It learns points of a curved 2-D surface in 5-D space ({train} "
              "training points), so a code of two numbers can hold everything about a point.",
        "ko": "모델의 실제 가중치로 그린 모든 뉴런과 모든 가중치입니다. 파란 선은 양의 가중치, 빨간 선은 음의 "
              "가중치이며 굵을수록 큽니다. 선 위에 마우스를 올리면 값이 보입니다. 이 네트워크는 5차원 공간 "
              "속 휘어진 2차원 곡면의 점들(학습용 {train}개)을 학습하므로, 숫자 두 개짜리 코드로 한 점의 "
              "모든 정보를 담을 수 있습니다.",
    },
    "stacked.network_mnist": {
        "en": "The layers of the model in use as blocks with their real widths; between two blocks, the "
              "weight matrix that connects them.",
        "ko": "사용 중인 모델의 레이어를 실제 너비의 블록으로 그렸습니다. 두 블록 사이에는 그 둘을 잇는 "
              "가중치 행렬이 있습니다.",
    },
    "stacked.network_untrained": {
        "en": "Not trained yet: these are the initial random weights. Train below and watch them change.",
        "ko": "아직 학습하지 않았습니다. 지금은 초기 무작위 가중치입니다. 아래에서 학습하며 바뀌는 모습을 "
              "보세요.",
    },
    "stacked.showing": {"en": "Showing: {which}", "ko": "표시 중: {which}"},
    "stacked.which.greedy": {"en": "greedy pretraining + fine-tuning", "ko": "탐욕적 사전 학습 + 미세 조정"},
    "stacked.which.e2e": {"en": "trained end to end", "ko": "처음부터 끝까지 한 번에 학습"},
    "stacked.which.pretrained": {"en": "shipped pretrained (end to end)", "ko": "제공된 사전 학습 모델 (한 번에 학습)"},
    "stacked.role.trains": {"en": "trains", "ko": "학습"},
    "stacked.role.frozen": {"en": "frozen", "ko": "고정"},
    "stacked.role.idle": {"en": "not used", "ko": "사용 안 함"},

    # Greedy layer-wise pretraining
    "stacked.greedy_title": {"en": "Greedy layer-wise pretraining", "ko": "탐욕적 계층별 사전 학습"},
    "stacked.greedy_intro": {
        "en": "A deep stack can be trained one layer at a time (Hinton & Salakhutdinov, 2006; Bengio et "
              "al., 2007). Stage k trains a shallow autoencoder of its own: the encoding weight Wek and "
              "its mirror, the decoding weight that rebuilds that layer's input, while the layers below "
              "stay frozen and only turn the data into the codes it learns from. After the last stage, "
              "fine-tuning trains every weight together. Pick a stage to see which weights it trains.",
        "ko": "깊은 스택은 한 번에 한 층씩 학습할 수 있습니다 (Hinton & Salakhutdinov, 2006; Bengio 외, "
              "2007). k번째 단계는 얕은 오토인코더 하나를 학습합니다. 인코딩 가중치 Wek와, 그 층의 입력을 "
              "복원하는 짝 디코딩 가중치입니다. 그 아래 층들은 고정되어 데이터를 이 단계가 배울 코드로 바꾸는 "
              "일만 합니다. 마지막 단계 뒤에는 미세 조정이 모든 가중치를 함께 학습합니다. 단계를 골라 어떤 "
              "가중치를 학습하는지 보세요.",
    },
    "stacked.stage_pick": {"en": "Stage", "ko": "단계"},
    "stacked.stage_none": {"en": "none", "ko": "선택 안 함"},
    "stacked.stage_name": {"en": "{index}. {label}", "ko": "{index}. {label}"},
    "stacked.stage.pretrain": {"en": "pretrain {names}", "ko": "사전 학습 {names}"},
    "stacked.stage.fine-tune": {"en": "fine-tune (all weights)", "ko": "미세 조정 (모든 가중치)"},
    "stacked.stage_roles": {
        "en": "**Trains:** {trains} · **frozen:** {frozen} · **not used:** {idle}",
        "ko": "**학습:** {trains} · **고정:** {frozen} · **사용 안 함:** {idle}",
    },
    "stacked.none": {"en": "none", "ko": "없음"},
    "stacked.table.stage": {"en": "Stage", "ko": "단계"},
    "stacked.table.frozen": {"en": "Frozen", "ko": "고정"},
    "stacked.table.status": {"en": "Status", "ko": "상태"},
    "stacked.table.loss": {"en": "Loss (first → last)", "ko": "손실 (처음 → 마지막)"},
    "stacked.table.test": {"en": "Test loss", "ko": "테스트 손실"},
    "stacked.status.done": {"en": "done", "ko": "완료"},
    "stacked.status.running": {"en": "training", "ko": "학습 중"},
    "stacked.status.waiting": {"en": "waiting", "ko": "대기"},
    "stacked.loss_note": {
        "en": "Each pretraining stage has its own loss: stage 1 rebuilds the input, deeper stages "
              "rebuild the codes of the layer below (squared error), so their values do not compare "
              "across stages.",
        "ko": "사전 학습 단계마다 손실이 다릅니다. 1단계는 입력을, 그 위 단계들은 아래 층의 코드를 복원하므로 "
              "(제곱 오차) 단계끼리 값을 비교할 수 없습니다.",
    },

    # The two training panels
    "stacked.train_title": {"en": "Train it both ways", "ko": "두 가지 방법으로 학습하기"},
    "stacked.train_intro": {
        "en": "The same network, trained greedily (stage by stage, then fine-tuned) and end to end (all "
              "layers at once from random weights). Start both; on a busy machine the second waits for "
              "the first.",
        "ko": "같은 네트워크를 탐욕적으로(단계별로 학습한 뒤 미세 조정) 그리고 처음부터 끝까지 한 번에(무작위 "
              "가중치에서 모든 층을 함께) 학습합니다. 둘 다 시작해 보세요. 바쁜 컴퓨터에서는 두 번째가 첫 "
              "번째를 기다립니다.",
    },
    "stacked.architecture": {
        "en": "Network for both: 784 → {hidden} → code {latent} → mirrored decoder",
        "ko": "두 방법 모두의 네트워크: 784 → {hidden} → 코드 {latent} → 대칭 디코더",
    },
    "stacked.panel.greedy": {"en": "Greedy pretraining + fine-tuning", "ko": "탐욕적 사전 학습 + 미세 조정"},
    "stacked.panel.greedy_intro": {
        "en": "Each stage trains for the stage epochs; then fine-tuning for the epochs.",
        "ko": "각 단계를 단계 에포크만큼 학습한 뒤, 에포크만큼 미세 조정합니다.",
    },
    "stacked.panel.e2e": {"en": "End to end", "ko": "처음부터 끝까지 한 번에"},
    "stacked.panel.e2e_intro": {
        "en": "All weights train together from the start.",
        "ko": "처음부터 모든 가중치를 함께 학습합니다.",
    },
    "stacked.field.stage_epochs": {"en": "Epochs per pretraining stage", "ko": "사전 학습 단계별 에포크"},
    "stacked.field.epochs_finetune": {"en": "Fine-tuning epochs", "ko": "미세 조정 에포크"},
    "stacked.field.hidden": {"en": "Hidden layers (at least 2)", "ko": "은닉 레이어 (2개 이상)"},
    "stacked.field.latent": {"en": "Code size", "ko": "코드 크기"},
    "stacked.bad_hidden": {
        "en": "Hidden layers must be 2 to 6 whole numbers from 1 to 4096, separated by commas; got "
              "“{text}”. The default network is used instead.",
        "ko": "은닉 레이어는 쉼표로 구분한 1~4096 사이의 정수 2~6개여야 합니다. 입력: “{text}”. 대신 기본 "
              "네트워크를 사용합니다.",
    },
    "stacked.depth.1": {"en": "from h1", "ko": "h1에서 복원"},
    "stacked.depth.2": {"en": "from h2", "ko": "h2에서 복원"},
    "stacked.depth.3": {"en": "from h3", "ko": "h3에서 복원"},
    "stacked.depth.4": {"en": "from h4", "ko": "h4에서 복원"},
    "stacked.depth.5": {"en": "from h5", "ko": "h5에서 복원"},
    "stacked.depth.6": {"en": "from h6", "ko": "h6에서 복원"},
    "stacked.depth.7": {"en": "from h7", "ko": "h7에서 복원"},

    # Comparison
    "stacked.compare_title": {"en": "Greedy against end to end", "ko": "탐욕적 학습과 한 번에 학습 비교"},
    "stacked.compare_waiting": {
        "en": "Train both ways above to compare them here.",
        "ko": "위에서 두 가지 방법으로 모두 학습하면 여기에서 비교합니다.",
    },
    "stacked.compare_curve": {
        "en": "Test reconstruction error (MSE) of the whole network after each epoch. Greedy training "
              "has no whole network to test until its stages are done, so its curve starts when "
              "fine-tuning does.",
        "ko": "에포크마다 측정한 전체 네트워크의 테스트 복원 오차(MSE)입니다. 탐욕적 학습은 단계들이 끝나기 "
              "전에는 시험할 전체 네트워크가 없으므로, 곡선이 미세 조정부터 시작합니다.",
    },
    "stacked.curve.greedy": {"en": "greedy, fine-tuning", "ko": "탐욕적, 미세 조정"},
    "stacked.curve.e2e": {"en": "end to end", "ko": "한 번에 학습"},
    "stacked.curve.x": {"en": "epochs of training (all stages)", "ko": "학습 에포크 (모든 단계)"},
    "stacked.curve.y": {"en": "test MSE per pixel", "ko": "테스트 MSE (픽셀당)"},
    "stacked.curve.finetune_starts": {"en": "fine-tuning starts", "ko": "미세 조정 시작"},
    "stacked.compare_metrics": {
        "en": "Test MSE: greedy **{greedy:.5f}**, end to end **{e2e:.5f}**.",
        "ko": "테스트 MSE: 탐욕적 **{greedy:.5f}**, 한 번에 학습 **{e2e:.5f}**.",
    },
    "stacked.compare_recon": {"en": "The same test digits, rebuilt by each", "ko": "같은 테스트 숫자를 각각 복원한 결과"},
    "stacked.compare_toy_recon": {
        "en": "Test points and their reconstructions (the five inputs x₁ … x₅):",
        "ko": "테스트 점과 그 복원 결과 (다섯 입력 x₁ … x₅):",
    },
    "stacked.row.greedy": {"en": "greedy", "ko": "탐욕적"},
    "stacked.row.e2e": {"en": "end to end", "ko": "한 번에"},
    "stacked.codes_title": {
        "en": "The 2-D codes of the test points, coloured by where on the surface they come from: a "
              "good code unfolds the surface so the four regions stay apart.",
        "ko": "테스트 점들의 2차원 코드를 곡면 위 위치별 색으로 그렸습니다. 좋은 코드는 곡면을 펼쳐서 네 "
              "영역이 떨어져 있게 합니다.",
    },
    "stacked.code_axis": {"en": "code h{index}", "ko": "코드 h{index}"},
    "stacked.region": {"en": "region", "ko": "영역"},
    "stacked.toy.point": {"en": "point", "ko": "점"},
    "stacked.toy.input": {"en": "input", "ko": "입력"},

    # First-layer weights and depth
    "stacked.weights_title": {"en": "What the first layer looks for", "ko": "첫 번째 레이어가 찾는 것"},
    "stacked.weights_intro": {
        "en": "Each tile is one row of We1: the weights from the 784 pixels into one unit of h1, drawn "
              "as an image (red: the unit is excited by ink there, blue: inhibited, white: ignores the "
              "pixel). Hover a tile for the unit and weight.",
        "ko": "각 타일은 We1의 한 행, 즉 784개 픽셀에서 h1의 한 유닛으로 들어가는 가중치를 이미지로 그린 "
              "것입니다 (빨강: 그 자리에 획이 있으면 활성화, 파랑: 억제, 흰색: 그 픽셀은 무시). 타일에 마우스를 "
              "올리면 유닛과 가중치가 보입니다.",
    },
    "stacked.weights_model": {"en": "Model", "ko": "모델"},
    "stacked.tile": {"en": "h1 unit {index}", "ko": "h1 유닛 {index}"},
    "stacked.depth_title": {"en": "Reconstructions at each depth", "ko": "깊이별 복원 결과"},
    "stacked.depth_intro": {
        "en": "The same test digits rebuilt from each hidden layer: h_k goes back through the mirrored "
              "decoding weights alone. After greedy pretraining every depth is a working autoencoder; "
              "a network trained only end to end never learned to rebuild from its inner layers.",
        "ko": "같은 테스트 숫자를 각 은닉 레이어에서 복원했습니다. h_k를 그에 대응하는 디코딩 가중치만으로 "
              "되돌립니다. 탐욕적 사전 학습을 거치면 모든 깊이가 제대로 동작하는 오토인코더가 되지만, 한 번에만 "
              "학습한 네트워크는 안쪽 레이어에서 복원하는 법을 배운 적이 없습니다.",
    },
    "stacked.no_mnist_model": {
        "en": "No MNIST model to show yet: train one with the panels below.",
        "ko": "아직 보여 줄 MNIST 모델이 없습니다. 아래 패널에서 모델을 학습하세요.",
    },
}
