"""Texts of "Predict, then check" (ui/predict.py): the section, the lock-in and progress, and for each
question (predict.<page>.<name>) its wording, its choices, the sentence that quotes what was
measured, why the outcome is what the source text leads one to expect, and what to make of it when
the measurement says otherwise."""

TEXTS = {
    "predict.title": {"en": "Predict, then check", "ko": "예측하고 확인하기"},
    "predict.intro": {
        "en": "Commit to a prediction first; the page then runs the experiment on the models and shows what "
              "happened, and why. Nothing is computed or shown before you lock in.",
        "ko": "먼저 예측을 정하세요. 예측을 확정하면 페이지가 모델로 실험을 실행하고 결과와 그 이유를 보여 줍니다. "
              "확정하기 전에는 아무것도 계산하거나 보여 주지 않습니다."},
    "predict.progress": {
        "en": "Your predictions this session: {answered} of {total} answered, {correct} correct.",
        "ko": "이번 세션의 예측: {total}개 중 {answered}개 답함, {correct}개 맞힘."},
    "predict.question": {"en": "Question {number}", "ko": "질문 {number}"},
    "predict.choose": {"en": "Your prediction", "ko": "나의 예측"},
    "predict.lock": {"en": "Lock in my prediction", "ko": "예측 확정하기"},
    "predict.choose_first": {"en": "Choose one of the answers first.", "ko": "먼저 답 하나를 고르세요."},
    "predict.locked": {"en": "Your prediction: **{choice}**", "ko": "나의 예측: **{choice}**"},
    "predict.running": {"en": "Running the experiment…", "ko": "실험을 실행하는 중…"},
    "predict.right": {"en": "Correct: the experiment says **{answer}**.",
                      "ko": "맞았습니다. 실험 결과는 **{answer}**입니다."},
    "predict.wrong": {"en": "Not this time: the experiment says **{answer}**.",
                      "ko": "이번에는 틀렸습니다. 실험 결과는 **{answer}**입니다."},
    "predict.missing": {"en": "This experiment needs a shipped model that cannot be loaded: {message}",
                        "ko": "이 실험에 필요한 사전 학습 모델을 불러올 수 없습니다: {message}"},
    "predict.map.legend": {"en": "digit", "ko": "숫자"},

    # --- Undercomplete ---------------------------------------------------------------------------------
    "predict.undercomplete.pca.question": {
        "en": "The shipped undercomplete AE squeezes each digit into a 2-D code h. PCA with 2 components is "
              "the best *linear* 2-D code. Which one reconstructs the test digits with the lower error?",
        "ko": "사전 학습된 언더컴플리트 오토인코더는 숫자 하나를 2차원 코드 h로 압축합니다. 주성분 2개의 PCA는 "
              "가장 좋은 *선형* 2차원 코드입니다. 테스트 숫자를 더 작은 오류로 복원하는 쪽은 어디일까요?"},
    "predict.undercomplete.pca.model": {"en": "the autoencoder", "ko": "오토인코더"},
    "predict.undercomplete.pca.pca": {"en": "PCA-2", "ko": "PCA-2"},
    "predict.undercomplete.pca.tie": {"en": "about the same", "ko": "거의 같다"},
    "predict.undercomplete.pca.measure": {
        "en": "Mean squared error on the first {count} test images: autoencoder {model}, PCA-2 {pca}.",
        "ko": "처음 {count}개 테스트 이미지의 평균 제곱 오차: 오토인코더 {model}, PCA-2 {pca}."},
    "predict.undercomplete.pca.why": {
        "en": "Both keep only two numbers per digit, but the encoder and decoder are nonlinear: they can bend "
              "the 2-D code around the curved set of digit images, where PCA can only lay a flat plane through "
              "it. Keeping the important information in a small code is the undercomplete AE's purpose.",
        "ko": "둘 다 숫자 하나에 두 개의 값만 남기지만, 인코더와 디코더는 비선형이어서 숫자 이미지들이 이루는 휘어진 "
              "모양을 따라 2차원 코드를 구부릴 수 있습니다. PCA는 평평한 평면 하나만 놓을 수 있습니다. 중요한 정보는 "
              "유지하면서 작은 코드로 압축하는 것이 언더컴플리트 오토인코더의 목적입니다."},
    "predict.undercomplete.pca.exception": {
        "en": "Here the measurement says **{answer}**. A nonlinear code can only beat PCA when it has been "
              "trained long enough; the models in use may not be the fully trained shipped ones.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 비선형 코드는 충분히 학습되어야 PCA를 앞섭니다. 지금 쓰이는 "
              "모델이 충분히 학습된 사전 학습 모델이 아닐 수 있습니다."},

    "predict.undercomplete.size.question": {
        "en": "Two of the shipped undercomplete AEs have the same layers but different code sizes: 2 and 32. Which "
              "one rebuilds the test digits with the lower error?",
        "ko": "사전 학습된 언더컴플리트 오토인코더 중 두 개는 층이 같고 코드 크기만 2와 32로 다릅니다. 테스트 숫자를 더 "
              "작은 오류로 복원하는 쪽은 어디일까요?"},
    "predict.undercomplete.size.ae_2d": {"en": "the 2-D code", "ko": "2차원 코드"},
    "predict.undercomplete.size.ae_32d": {"en": "the 32-D code", "ko": "32차원 코드"},
    "predict.undercomplete.size.measure": {
        "en": "Mean squared error on the first {count} test images: 2-D code {ae_2d}, 32-D code {ae_32d}.",
        "ko": "처음 {count}개 테스트 이미지의 평균 제곱 오차: 2차원 코드 {ae_2d}, 32차원 코드 {ae_32d}."},
    "predict.undercomplete.size.why": {
        "en": "The code h is the only way information reaches the decoder. Squeezing 784 pixels into 2 numbers "
              "keeps the digit's identity and rough shape; 32 numbers also keep the stroke details. A smaller "
              "code throws more away: that is the price of compression.",
        "ko": "디코더가 받는 정보는 코드 h뿐입니다. 784개의 픽셀을 2개의 값으로 압축하면 숫자의 정체와 대략적인 "
              "모양만 남고, 32개의 값이면 획의 세부도 남습니다. 코드가 작을수록 더 많은 정보를 버리며, 이것이 압축의 "
              "대가입니다."},
    "predict.undercomplete.size.exception": {
        "en": "Here the measurement says **{answer}**: the models in use were not trained like the shipped ones.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 모델이 사전 학습 모델처럼 학습되지 않았습니다."},

    "predict.undercomplete.novelty.question": {
        "en": "The shipped novelty detector was trained on images of the digit(s) {digits} only: the normal "
              "pattern. On the test set, whose mean reconstruction error is higher?",
        "ko": "사전 학습된 이상 탐지 모델은 숫자 {digits}의 이미지로만 학습했습니다. 이것이 정상 패턴입니다. 테스트 "
              "세트에서 평균 복원 오류가 더 큰 쪽은 어디일까요?"},
    "predict.undercomplete.novelty.normal": {"en": "the normal digits it was trained on",
                                             "ko": "학습한 정상 숫자"},
    "predict.undercomplete.novelty.novel": {"en": "the other digits", "ko": "다른 숫자들"},
    "predict.undercomplete.novelty.same": {"en": "about the same", "ko": "거의 같다"},
    "predict.undercomplete.novelty.measure": {
        "en": "Mean reconstruction error over the {count} test images: normal digits {normal}, other digits "
              "{novel}.",
        "ko": "{count}개 테스트 이미지의 평균 복원 오류: 정상 숫자 {normal}, 다른 숫자 {novel}."},
    "predict.undercomplete.novelty.why": {
        "en": "The autoencoder learned the normal pattern only. A pattern it never learned does not fit its "
              "code, so the decoder rebuilds it badly: a large reconstruction error flags it as novel, which is "
              "how novelty detection works.",
        "ko": "오토인코더는 정상 패턴만 학습했습니다. 학습하지 않은 패턴은 코드에 맞지 않아 디코더가 제대로 복원하지 "
              "못합니다. 복원 오류가 큰 경우 이를 이상으로 간주하는 것이 이상 탐지의 방법입니다."},
    "predict.undercomplete.novelty.exception": {
        "en": "Here the measurement says **{answer}**: a detector that has not learned the normal digits well "
              "rebuilds every digit about equally badly.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 정상 숫자를 제대로 학습하지 못한 모델은 모든 숫자를 비슷하게 "
              "잘못 복원합니다."},

    # --- Stacked ---------------------------------------------------------------------------------------
    "predict.stacked.greedy.question": {
        "en": "The source text's own network (5 inputs, hidden layers of 2) is trained twice for the same "
              "number of epochs: greedy layer-wise (one stage per layer, then fine-tuning) and end to end. "
              "Which reconstructs the test points better?",
        "ko": "원문의 네트워크(입력 5개, 은닉 레이어 2개 유닛)를 같은 에폭 수로 두 번 학습시킵니다. 한 번은 층별 탐욕적 "
              "사전 학습(층마다 한 단계, 그다음 미세 조정), 한 번은 처음부터 끝까지 한 번에 학습입니다. 테스트 점을 더 "
              "잘 복원하는 쪽은 어디일까요?"},
    "predict.stacked.greedy.greedy": {"en": "greedy layer-wise", "ko": "층별 탐욕적 학습"},
    "predict.stacked.greedy.e2e": {"en": "end to end", "ko": "처음부터 끝까지 한 번에 학습"},
    "predict.stacked.greedy.tie": {"en": "about the same", "ko": "거의 같다"},
    "predict.stacked.greedy.measure": {
        "en": "Test mean squared error after {epochs} epochs each: greedy {greedy}, end to end {e2e}.",
        "ko": "각각 {epochs} 에폭 후 테스트 평균 제곱 오차: 층별 탐욕적 학습 {greedy}, 한 번에 학습 {e2e}."},
    "predict.stacked.greedy.why": {
        "en": "Each greedy stage is a shallow autoencoder that is easy to train: it learns to keep what its "
              "input holds before the next layer is stacked on top. Trained all at once, a deep stack of "
              "2-unit layers starts from random layers that pass little of the input on, and the error signal "
              "has to reach the first layers through all the others.",
        "ko": "탐욕적 학습의 각 단계는 학습하기 쉬운 얕은 오토인코더로, 다음 층을 쌓기 전에 자기 입력의 정보를 유지하는 "
              "법을 배웁니다. 한꺼번에 학습하면 2개 유닛의 층을 깊이 쌓은 네트워크가 입력을 거의 전달하지 못하는 무작위 "
              "층에서 시작하고, 오류 신호가 다른 모든 층을 거쳐 첫 층까지 가야 합니다."},
    "predict.stacked.greedy.exception": {
        "en": "Here the measurement says **{answer}**: with other seeds or budgets end-to-end training can "
              "find a good solution too; greedy pretraining makes it easier, not certain.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 다른 시드나 학습량에서는 한 번에 학습해도 좋은 해를 찾을 수 "
              "있습니다. 탐욕적 사전 학습은 학습을 쉽게 만들 뿐 결과를 보장하지는 않습니다."},

    "predict.stacked.pca.question": {
        "en": "The shipped stacked AE (784-256-128-64-16) keeps 16 numbers per digit. PCA with 16 components "
              "keeps 16 too. Which reconstructs the test digits with the lower error?",
        "ko": "사전 학습된 스택 오토인코더(784-256-128-64-16)는 숫자 하나에 16개의 값을 남깁니다. 주성분 16개의 PCA도 "
              "16개를 남깁니다. 테스트 숫자를 더 작은 오류로 복원하는 쪽은 어디일까요?"},
    "predict.stacked.pca.model": {"en": "the stacked AE", "ko": "스택 오토인코더"},
    "predict.stacked.pca.pca": {"en": "PCA-16", "ko": "PCA-16"},
    "predict.stacked.pca.tie": {"en": "about the same", "ko": "거의 같다"},
    "predict.stacked.pca.measure": {
        "en": "Mean squared error on the first {count} test images: stacked AE {model}, PCA-16 {pca}.",
        "ko": "처음 {count}개 테스트 이미지의 평균 제곱 오차: 스택 오토인코더 {model}, PCA-16 {pca}."},
    "predict.stacked.pca.why": {
        "en": "Layers stacked one on another, each nonlinear, can learn more complex patterns in the data than "
              "one linear projection: with the same 16 numbers the deep network keeps more of each digit. This "
              "is the feature-extraction advantage of stacked autoencoders.",
        "ko": "비선형 층을 여러 개 쌓으면 하나의 선형 사영보다 더 복잡한 데이터 패턴을 학습할 수 있습니다. 같은 16개의 "
              "값으로 깊은 네트워크가 숫자의 정보를 더 많이 유지합니다. 이것이 스택 오토인코더의 특징 추출 장점입니다."},
    "predict.stacked.pca.exception": {
        "en": "Here the measurement says **{answer}**: the stacked model in use was not trained like the "
              "shipped one.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 스택 모델이 사전 학습 모델처럼 학습되지 않았습니다."},

    "predict.stacked.noise.question": {
        "en": "The source text lists noise removal among stacked autoencoders' advantages. The shipped stacked "
              "AE was trained on clean digits only. Give it digits with Gaussian noise (σ = {level}): is its "
              "output cleaner than its noisy input?",
        "ko": "원문은 노이즈 제거를 스택 오토인코더의 장점으로 꼽습니다. 사전 학습된 스택 오토인코더는 깨끗한 숫자로만 "
              "학습했습니다. 가우시안 노이즈(σ = {level})가 더해진 숫자를 넣으면 출력이 노이즈 섞인 입력보다 "
              "깨끗할까요?"},
    "predict.stacked.noise.cleaner": {"en": "yes, cleaner", "ko": "예, 더 깨끗하다"},
    "predict.stacked.noise.noisier": {"en": "no, further from the clean digit", "ko": "아니요, 깨끗한 숫자에서 더 멀다"},
    "predict.stacked.noise.measure": {
        "en": "PSNR against the clean digits (higher is cleaner), first {count} test images: noisy input "
              "{noisy} dB, output {output} dB.",
        "ko": "깨끗한 숫자 대비 PSNR(높을수록 깨끗함), 처음 {count}개 테스트 이미지: 노이즈 섞인 입력 {noisy} dB, "
              "출력 {output} dB."},
    "predict.stacked.noise.why": {
        "en": "It never saw noise while training. Its 16-D code holds clean digits, so it redraws the noisy "
              "digit as the clean digit it resembles most, often a different shape or stroke width than the "
              "original: at this light noise that costs more than the noise itself. Removing noise reliably is "
              "what the denoising autoencoder is trained for: noise added to the input, the clean digit as the "
              "target.",
        "ko": "이 모델은 학습 중에 노이즈를 본 적이 없습니다. 16차원 코드는 깨끗한 숫자를 담으므로 노이즈 섞인 숫자를 "
              "가장 닮은 깨끗한 숫자로 다시 그리는데, 원래와 모양이나 획 굵기가 다른 경우가 많습니다. 이 정도의 약한 "
              "노이즈에서는 그 차이가 노이즈 자체보다 큽니다. 노이즈를 확실히 제거하도록 학습하는 것은 디노이징 "
              "오토인코더입니다. 입력에 노이즈를 더하고 깨끗한 숫자를 목표로 삼습니다."},
    "predict.stacked.noise.exception": {
        "en": "Here the measurement says **{answer}**: projecting onto clean digits removed more noise than the "
              "reconstruction lost. With stronger noise this happens more often, since the noisy input itself "
              "gets worse.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 깨끗한 숫자 쪽으로 되돌리면서 없앤 노이즈가 복원에서 잃은 "
              "정보보다 컸습니다. 노이즈가 강할수록 입력 자체가 나빠지므로 이런 경우가 많아집니다."},

    # --- Denoising -------------------------------------------------------------------------------------
    "predict.denoising.worst.question": {
        "en": "The shipped plain autoencoder (an MLP trained on clean digits only) gets noisy digits at the "
              "page's default levels: Gaussian σ = 0.5, salt and pepper 0.2, masking 0.5. Which noise does it "
              "clean up least (smallest PSNR gain over its noisy input)?",
        "ko": "사전 학습된 일반 오토인코더(깨끗한 숫자로만 학습한 MLP)에 페이지의 기본 강도로 노이즈 섞인 숫자를 넣습니다. "
              "가우시안 σ = 0.5, 소금-후추 0.2, 마스킹 0.5. 어떤 노이즈를 가장 적게 제거할까요(노이즈 섞인 입력 대비 "
              "PSNR 향상이 가장 작은 것)?"},
    "predict.denoising.worst.gaussian": {"en": "Gaussian", "ko": "가우시안"},
    "predict.denoising.worst.salt_pepper": {"en": "salt and pepper", "ko": "소금-후추"},
    "predict.denoising.worst.masking": {"en": "masking", "ko": "마스킹"},
    "predict.denoising.worst.measure": {
        "en": "PSNR gain over the noisy input, first {count} test images: Gaussian {gaussian} dB, salt and "
              "pepper {salt_pepper} dB, masking {masking} dB.",
        "ko": "노이즈 섞인 입력 대비 PSNR 향상, 처음 {count}개 테스트 이미지: 가우시안 {gaussian} dB, 소금-후추 "
              "{salt_pepper} dB, 마스킹 {masking} dB."},
    "predict.denoising.worst.why": {
        "en": "Gaussian and salt-and-pepper noise scatter specks that no clean digit has, so even a plain "
              "autoencoder drops many of them: its code only holds digit-like shapes. Masking only removes ink: "
              "a masked digit still looks like a thinner, broken digit, so the plain AE rebuilds it much as it "
              "is. Learning to fill the gaps back in is what a denoising autoencoder is trained for.",
        "ko": "가우시안 노이즈와 소금-후추 노이즈는 깨끗한 숫자에는 없는 점들을 흩뿌리므로, 일반 오토인코더도 그중 많은 "
              "부분을 버립니다. 코드에는 숫자 같은 모양만 담기기 때문입니다. 마스킹은 잉크를 지울 뿐이어서 마스킹된 숫자는 "
              "여전히 가늘고 끊긴 숫자처럼 보이고, 일반 오토인코더는 그것을 거의 그대로 복원합니다. 빈 곳을 다시 채우는 "
              "법은 디노이징 오토인코더가 학습하는 것입니다."},
    "predict.denoising.worst.exception": {
        "en": "Here the measurement says **{answer}**: the plain model in use cleans that kind least at these "
              "levels; the gains depend on how it was trained.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 일반 모델은 이 강도에서 그 노이즈를 가장 적게 "
              "제거합니다. 향상 정도는 모델이 어떻게 학습했는지에 따라 달라집니다."},

    "predict.denoising.dae.question": {
        "en": "Digits with Gaussian noise (σ = 0.5): who restores them closer to the clean digits, the shipped "
              "denoising AE (trained on such noise) or the plain AE (trained on clean digits)?",
        "ko": "가우시안 노이즈(σ = 0.5)가 섞인 숫자를 깨끗한 숫자에 더 가깝게 복원하는 쪽은 사전 학습된 디노이징 "
              "오토인코더(이런 노이즈로 학습)일까요, 일반 오토인코더(깨끗한 숫자로 학습)일까요?"},
    "predict.denoising.dae.denoiser": {"en": "the denoising AE", "ko": "디노이징 오토인코더"},
    "predict.denoising.dae.plain": {"en": "the plain AE", "ko": "일반 오토인코더"},
    "predict.denoising.dae.same": {"en": "about the same (within 1 dB)", "ko": "거의 같다(1 dB 이내)"},
    "predict.denoising.dae.measure": {
        "en": "PSNR against the clean digits, first {count} test images: noisy input {noisy} dB, denoising AE "
              "{denoiser} dB, plain AE {plain} dB.",
        "ko": "깨끗한 숫자 대비 PSNR, 처음 {count}개 테스트 이미지: 노이즈 섞인 입력 {noisy} dB, 디노이징 오토인코더 "
              "{denoiser} dB, 일반 오토인코더 {plain} dB."},
    "predict.denoising.dae.why": {
        "en": "The denoising AE was trained exactly for this: noise n added to the input x, and x + n rebuilt "
              "into the clean x. It learned features that hold under noise; the plain AE learned to copy what "
              "it sees, noise included.",
        "ko": "디노이징 오토인코더는 바로 이것을 학습했습니다. 입력 x에 노이즈 n을 더한 x + n을 원래의 깨끗한 x로 "
              "복원하도록 학습하여 노이즈에 강한 특징을 익혔습니다. 일반 오토인코더는 보이는 것을 노이즈까지 그대로 "
              "복사하도록 학습했습니다."},
    "predict.denoising.dae.exception": {
        "en": "Here the measurement says **{answer}**: the denoising model in use was not trained on this "
              "noise as the shipped one was.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 디노이징 모델은 사전 학습 모델처럼 이 노이즈로 "
              "학습하지 않았습니다."},

    "predict.denoising.transfer.question": {
        "en": "The shipped denoising AE learned Gaussian noise only. Now the noise is masking (half the pixels "
              "dropped). Against the plain AE, how does it do?",
        "ko": "사전 학습된 디노이징 오토인코더는 가우시안 노이즈만 학습했습니다. 이번에는 마스킹 노이즈(픽셀의 절반을 "
              "지움)입니다. 일반 오토인코더와 비교하면 어떨까요?"},
    "predict.denoising.transfer.denoiser": {"en": "the denoising AE is clearly ahead (more than 1 dB)",
                                            "ko": "디노이징 오토인코더가 확실히 앞선다(1 dB 넘게)"},
    "predict.denoising.transfer.same": {"en": "about the same (within 1 dB)", "ko": "거의 같다(1 dB 이내)"},
    "predict.denoising.transfer.plain": {"en": "the plain AE is clearly ahead", "ko": "일반 오토인코더가 확실히 앞선다"},
    "predict.denoising.transfer.measure": {
        "en": "PSNR against the clean digits under masking (p = 0.5), first {count} test images: masked input "
              "{noisy} dB, denoising AE {denoiser} dB, plain AE {plain} dB.",
        "ko": "마스킹(p = 0.5)에서 깨끗한 숫자 대비 PSNR, 처음 {count}개 테스트 이미지: 마스킹된 입력 {noisy} dB, "
              "디노이징 오토인코더 {denoiser} dB, 일반 오토인코더 {plain} dB."},
    "predict.denoising.transfer.why": {
        "en": "A denoising AE becomes robust to the noise it was trained with. Gaussian noise adds specks "
              "everywhere; masking removes ink. Removing specks does not teach how to fill in missing strokes, "
              "so against masking the Gaussian-trained DAE is hardly better than a plain AE.",
        "ko": "디노이징 오토인코더는 학습할 때 쓴 노이즈에 강해집니다. 가우시안 노이즈는 곳곳에 점을 더하고, 마스킹은 "
              "잉크를 지웁니다. 점을 없애는 법을 배워도 지워진 획을 채우는 법은 배우지 못하므로, 마스킹 앞에서 가우시안으로 "
              "학습한 디노이징 오토인코더는 일반 오토인코더보다 거의 낫지 않습니다."},
    "predict.denoising.transfer.exception": {
        "en": "Here the measurement says **{answer}**. Robustness learned on one noise carries over to another "
              "only as far as the two look alike to the network; this denoiser's training carried over "
              "differently than a plain MLP's would.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 한 노이즈로 배운 강건함은 네트워크가 보기에 두 노이즈가 닮은 "
              "만큼만 다른 노이즈로 이어집니다. 이 디노이징 모델의 학습은 일반 MLP와 다르게 이어졌습니다."},

    # --- Convolutional ---------------------------------------------------------------------------------
    "predict.conv.mse.question": {
        "en": "Three shipped convolutional AEs share the encoder and the 16-D code and differ only in the "
              "decoder. Which decoder rebuilds the test digits with the lowest error?",
        "ko": "사전 학습된 컨볼루션 오토인코더 세 개는 인코더와 16차원 코드가 같고 디코더만 다릅니다. 테스트 숫자를 가장 "
              "작은 오류로 복원하는 디코더는 무엇일까요?"},
    "predict.conv.mse.unpool": {"en": "max-unpooling", "ko": "맥스 언풀링"},
    "predict.conv.mse.upsample": {"en": "upsampling + convolution", "ko": "업샘플링 + 컨볼루션"},
    "predict.conv.mse.transposed": {"en": "transposed convolution", "ko": "컨볼루션 트랜스포즈"},
    "predict.conv.mse.measure": {
        "en": "Test mean squared error over all {count} test images: max-unpooling {unpool}, upsampling "
              "{upsample}, transposed convolution {transposed}.",
        "ko": "{count}개 테스트 이미지 전체의 평균 제곱 오차: 맥스 언풀링 {unpool}, 업샘플링 {upsample}, 컨볼루션 "
              "트랜스포즈 {transposed}."},
    "predict.conv.mse.why": {
        "en": "Unpooling restores what pooling lost: the encoder's pooling layers remember where each maximum "
              "was, and the decoder puts values back at exactly those places. That information travels beside "
              "the 16-D code, so the max-unpooling decoder knows where the strokes were; the other two must "
              "guess positions from the code alone.",
        "ko": "언풀링은 풀링 과정에서 잃어버린 정보를 복원합니다. 인코더의 풀링 레이어가 각 최댓값의 위치를 기억하고, "
              "디코더는 값을 정확히 그 자리에 되돌려 놓습니다. 이 위치 정보가 16차원 코드 옆으로 전달되므로 맥스 언풀링 "
              "디코더는 획이 어디 있었는지 알고, 다른 두 디코더는 코드만으로 위치를 추측해야 합니다."},
    "predict.conv.mse.exception": {
        "en": "Here the measurement says **{answer}**: the models in use were not trained like the shipped ones.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 모델이 사전 학습 모델처럼 학습되지 않았습니다."},

    "predict.conv.checker.question": {
        "en": "A transposed convolution can leave a checkerboard in its output (a grid of alternating brighter "
              "and darker pixels; see the figure above). Which shipped decoder's reconstructions show one?",
        "ko": "컨볼루션 트랜스포즈는 출력에 바둑판 무늬(밝고 어두운 픽셀이 번갈아 나오는 격자, 위 그림 참고)를 남길 수 "
              "있습니다. 사전 학습된 디코더 중 복원 결과에 바둑판 무늬가 보이는 것은 무엇일까요?"},
    "predict.conv.checker.unpool": {"en": "max-unpooling", "ko": "맥스 언풀링"},
    "predict.conv.checker.upsample": {"en": "upsampling + convolution", "ko": "업샘플링 + 컨볼루션"},
    "predict.conv.checker.transposed": {"en": "transposed convolution", "ko": "컨볼루션 트랜스포즈"},
    "predict.conv.checker.none": {"en": "none: all as faint as the original digits' own",
                                  "ko": "없다: 모두 원본 숫자만큼 희미하다"},
    "predict.conv.checker.measure": {
        "en": "Checkerboard amplitude (grey levels of 255) of the reconstructions of the first {count} test "
              "images: max-unpooling {unpool}, upsampling {upsample}, transposed convolution {transposed}; the "
              "originals themselves {original}. A pattern counts as visible from 1 grey level and 1.5 times "
              "the others'.",
        "ko": "처음 {count}개 테스트 이미지 복원 결과의 바둑판 진폭(255단계 밝기): 맥스 언풀링 {unpool}, 업샘플링 "
              "{upsample}, 컨볼루션 트랜스포즈 {transposed}; 원본 이미지 {original}. 1단계 이상이고 다른 것의 1.5배를 "
              "넘으면 보이는 무늬로 칩니다."},
    "predict.conv.checker.why": {
        "en": "With stride 2 a transposed convolution's kernel patches overlap unevenly, which can give some "
              "pixels more weight than their neighbours in a regular grid. But it is a risk, not a rule: "
              "training adjusts the kernels, and these fully trained decoders have evened the overlaps out, so "
              "their grids are as faint as the digits' own, far below one grey level. Short training or other "
              "kernel sizes can leave it visible.",
        "ko": "스트라이드 2의 컨볼루션 트랜스포즈는 커널 조각들이 고르지 않게 겹쳐, 어떤 픽셀이 이웃보다 더 큰 가중치를 "
              "받는 규칙적인 격자가 생길 수 있습니다. 하지만 이는 규칙이 아니라 위험 요소입니다. 학습 중에 커널이 "
              "조정되고, 충분히 학습된 이 디코더들은 겹침을 고르게 만들어 격자가 원본 숫자만큼 희미합니다(1단계에 한참 "
              "못 미침). 학습이 짧거나 커널 크기가 다르면 무늬가 보일 수 있습니다."},
    "predict.conv.checker.exception": {
        "en": "Here **{answer}** shows a grid pattern. For a transposed convolution, the cause is its kernel "
              "patches overlapping unevenly at stride 2; training had not yet evened them out in the model in "
              "use.",
        "ko": "여기서는 **{answer}**에 격자 무늬가 보입니다. 컨볼루션 트랜스포즈라면 스트라이드 2에서 커널 조각이 고르지 "
              "않게 겹치는 것이 원인이며, 지금 쓰이는 모델은 학습으로 아직 그것을 고르게 만들지 못했습니다."},

    "predict.conv.params.question": {
        "en": "The convolutional AE (channels 16 and 32, 16-D code, transposed-convolution decoder) against an "
              "MLP autoencoder with the same 16-D code and hidden layers of 256 and 128: which has fewer "
              "weights?",
        "ko": "컨볼루션 오토인코더(채널 16과 32, 16차원 코드, 컨볼루션 트랜스포즈 디코더)와 같은 16차원 코드에 256, "
              "128 은닉 레이어를 가진 MLP 오토인코더 중 가중치가 더 적은 쪽은 어디일까요?"},
    "predict.conv.params.conv": {"en": "the convolutional AE", "ko": "컨볼루션 오토인코더"},
    "predict.conv.params.mlp": {"en": "the MLP autoencoder", "ko": "MLP 오토인코더"},
    "predict.conv.params.measure": {
        "en": "Parameters counted on the real networks: convolutional AE {conv}, MLP autoencoder {mlp} "
              "({ratio} times as many).",
        "ko": "실제 네트워크에서 센 파라미터 수: 컨볼루션 오토인코더 {conv}, MLP 오토인코더 {mlp}({ratio}배)."},
    "predict.conv.params.why": {
        "en": "A convolution layer extracts local features with one small kernel slid over the whole image, so "
              "its weights are shared by every position; an MLP layer has a separate weight from every pixel "
              "to every unit. Pooling then shrinks the feature maps while keeping the important information.",
        "ko": "컨볼루션 레이어는 작은 커널 하나를 이미지 전체에 밀어 가며 국소적 특징을 추출하므로 모든 위치가 가중치를 "
              "공유합니다. MLP 층은 픽셀마다, 유닛마다 따로 가중치를 둡니다. 풀링 레이어는 중요한 정보를 유지하면서 특징 "
              "맵의 크기를 줄입니다."},
    "predict.conv.params.exception": {
        "en": "Here the count says **{answer}**: with these layer sizes the dense layer around the code "
              "outweighs the convolutions' savings.",
        "ko": "여기서는 센 결과가 **{answer}**입니다. 이 층 크기에서는 코드 주변의 완전 연결 층이 컨볼루션으로 아낀 "
              "가중치보다 많습니다."},

    # --- Variational -----------------------------------------------------------------------------------
    "predict.vae.beta.question": {
        "en": "Two 2-D VAEs are trained alike, one with β = 1 and one with β = 0 (no KL term at all). "
              "Compared with the β = 1 map, where do the β = 0 model's test codes land?",
        "ko": "2차원 VAE 두 개를 똑같이 학습시키되 하나는 β = 1, 하나는 β = 0(KL 항 없음)으로 합니다. β = 1의 "
              "지도와 비교하면 β = 0 모델의 테스트 코드는 어디에 놓일까요?"},
    "predict.vae.beta.same": {"en": "the same: packed around the origin like N(0, I)",
                              "ko": "똑같다: N(0, I)처럼 원점 주위에 모인다"},
    "predict.vae.beta.spread": {"en": "spread much wider, like a plain autoencoder's codes",
                                "ko": "훨씬 넓게 퍼진다: 일반 오토인코더의 코드처럼"},
    "predict.vae.beta.collapsed": {"en": "squeezed into a much smaller area", "ko": "훨씬 좁은 영역으로 모인다"},
    "predict.vae.beta.measure": {
        "en": "Spread of the test codes (mean squared length per dimension; N(0, I) gives 1): β = 0 "
              "{spread0}, β = 1 {spread1}. Mean posterior σ: β = 0 {sigma0}, β = 1 {sigma1}. Each "
              "was trained for {epochs} epochs on {images} images.",
        "ko": "테스트 코드의 퍼짐(차원당 평균 제곱 길이, N(0, I)이면 1): β = 0 {spread0}, β = 1 {spread1}. "
              "사후 분포의 평균 σ: β = 0 {sigma0}, β = 1 {sigma1}. 각각 {images}개 이미지로 {epochs} 에폭 "
              "학습했습니다."},
    "predict.vae.beta.map.beta0": {"en": "Test codes (μ), β = 0", "ko": "테스트 코드(μ), β = 0"},
    "predict.vae.beta.map.beta1": {"en": "Test codes (μ), β = 1", "ko": "테스트 코드(μ), β = 1"},
    "predict.vae.beta.why": {
        "en": "The regularisation loss (the KL term) is what makes the latent variable z follow a normal "
              "distribution. With β = 0 only the reconstruction loss is left: nothing pulls the codes toward "
              "the origin or keeps σ near 1, so the encoder spreads the digits apart and shrinks σ, and "
              "the VAE behaves like a plain autoencoder. Its latent space then has gaps that decode to no digit.",
        "ko": "잠재 변수 z가 정규 분포를 따르도록 만드는 것이 정규화 손실(KL 항)입니다. β = 0이면 재구성 손실만 남아 "
              "코드를 원점 쪽으로 당기거나 σ를 1 가까이 유지하는 힘이 없으므로, 인코더는 숫자들을 멀리 떨어뜨리고 "
              "σ를 줄여 일반 오토인코더처럼 동작합니다. 그러면 잠재 공간에 어떤 숫자로도 복원되지 않는 빈틈이 "
              "생깁니다."},
    "predict.vae.beta.exception": {
        "en": "Here the measurement says **{answer}**: after this short training the two maps have not drifted "
              "apart yet; the KL term's pull shows more the longer they train.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 짧은 학습으로는 두 지도가 아직 크게 달라지지 않았습니다. KL 항의 "
              "효과는 오래 학습할수록 더 뚜렷해집니다."},

    "predict.vae.normal.question": {
        "en": "Whose 2-D test codes lie more like a standard normal distribution N(0, I): the shipped VAE's "
              "(its means μ) or the shipped plain 2-D autoencoder's?",
        "ko": "2차원 테스트 코드가 표준 정규 분포 N(0, I)에 더 가깝게 놓이는 쪽은 사전 학습된 VAE(평균 μ)일까요, "
              "사전 학습된 일반 2차원 오토인코더일까요?"},
    "predict.vae.normal.vae": {"en": "the VAE", "ko": "VAE"},
    "predict.vae.normal.ae": {"en": "the plain autoencoder", "ko": "일반 오토인코더"},
    "predict.vae.normal.measure": {
        "en": "Spread of the {count} test codes (mean squared length per dimension; N(0, I) gives 1): VAE "
              "{vae}, plain autoencoder {ae}.",
        "ko": "{count}개 테스트 코드의 퍼짐(차원당 평균 제곱 길이, N(0, I)이면 1): VAE {vae}, 일반 오토인코더 {ae}."},
    "predict.vae.normal.why": {
        "en": "The VAE's loss has a regularisation term, KL(q(z|x) || p(z)), that pulls every digit's "
              "distribution toward the normal prior p(z) = N(0, I); the plain autoencoder's loss has only the "
              "reconstruction, so its codes can sit anywhere at any scale.",
        "ko": "VAE의 손실에는 각 숫자의 분포를 정규 분포 p(z) = N(0, I) 쪽으로 당기는 정규화 항 KL(q(z|x) || p(z))이 "
              "있습니다. 일반 오토인코더의 손실에는 재구성 손실만 있으므로 코드가 어떤 크기로든 어디에나 놓일 수 있습니다."},
    "predict.vae.normal.exception": {
        "en": "Here the measurement says **{answer}**: the models in use were not trained like the shipped ones.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 모델이 사전 학습 모델처럼 학습되지 않았습니다."},

    "predict.vae.prior.question": {
        "en": "Draw {count} points z from N(0, I) and decode each with the shipped VAE and with the shipped "
              "plain 2-D autoencoder. Whose decoded images lie closer to real test digits?",
        "ko": "N(0, I)에서 점 z를 {count}개 뽑아 사전 학습된 VAE와 일반 2차원 오토인코더로 각각 복원합니다. 복원된 "
              "이미지가 실제 테스트 숫자에 더 가까운 쪽은 어디일까요?"},
    "predict.vae.prior.vae": {"en": "the VAE", "ko": "VAE"},
    "predict.vae.prior.ae": {"en": "the plain autoencoder", "ko": "일반 오토인코더"},
    "predict.vae.prior.measure": {
        "en": "Mean squared error from each decoded sample to its nearest test image (of {reference}): VAE "
              "{vae}, plain autoencoder {ae}.",
        "ko": "복원된 샘플 하나하나와 가장 가까운 테스트 이미지({reference}개 중) 사이의 평균 제곱 오차: VAE {vae}, 일반 "
              "오토인코더 {ae}."},
    "predict.vae.prior.why": {
        "en": "A VAE is the generative version of the autoencoder: because its latent variable z was trained to "
              "follow the normal distribution, points sampled from N(0, I) fall where its decoder has learned to "
              "draw digits. The plain autoencoder never promised anything about N(0, I): its codes live on "
              "another scale, so the same points decode to blurred in-between shapes.",
        "ko": "VAE는 오토인코더의 생성 버전(Generative version of AE)입니다. 잠재 변수 z가 정규 분포를 따르도록 학습했기 "
              "때문에 N(0, I)에서 뽑은 점은 디코더가 숫자를 그리도록 학습한 곳에 떨어집니다. 일반 오토인코더는 N(0, I)에 "
              "대해 아무것도 약속하지 않아 코드의 크기가 다르므로, 같은 점이 흐릿한 중간 모양으로 복원됩니다."},
    "predict.vae.prior.exception": {
        "en": "Here the measurement says **{answer}**: the models in use were not trained like the shipped ones.",
        "ko": "여기서는 측정 결과가 **{answer}**입니다. 지금 쓰이는 모델이 사전 학습 모델처럼 학습되지 않았습니다."},
}
