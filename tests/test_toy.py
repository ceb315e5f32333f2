"""The source text's toy network and its synthetic data set (ae_core.toy): the data, and that the
toy trains through the same loop and greedy schedule as MNIST."""
from __future__ import annotations

import pytest
import torch

from ae_core import metrics
from ae_core.models import build_model
from ae_core.toy import TOY_INPUTS, TOY_MODEL, TOY_NAME, TOY_REGIONS, TOY_TRAIN, region, surface, toy_dataset
from ae_core.training import TrainConfig, run, train_greedy


@pytest.fixture()
def one_thread():
    """Tiny layers gain nothing from intra-op threads, and on a busy 2-core machine the threads'
    hand-offs cost ten times the work itself."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_toy_data_shapes_ranges_and_repeatability():
    data = toy_dataset(train=300, test=80, seed=3)
    assert data.name == TOY_NAME
    assert data.train_images.shape == (300, TOY_INPUTS) and data.test_images.shape == (80, TOY_INPUTS)
    assert data.train_images.dtype == torch.float32
    assert 0 <= float(data.train_images.min()) and float(data.train_images.max()) <= 1
    assert data.train_labels.shape == (300,) and set(data.train_labels.tolist()) <= {0, 1, 2, 3}
    assert data.class_names == list(TOY_REGIONS)
    again = toy_dataset(train=300, test=80, seed=3)
    assert torch.equal(data.train_images, again.train_images)
    assert not torch.equal(data.train_images, toy_dataset(train=300, test=80, seed=4).train_images)
    # Test points are exact surface points; training points carry the jitter.
    assert torch.allclose(data.test_images, surface(data.test_coordinates))
    assert not torch.allclose(data.train_images, surface(data.train_coordinates))
    assert torch.equal(data.test_labels, region(data.test_coordinates))


def test_regions_follow_the_coordinates():
    uv = torch.tensor([[0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9], [0.5, 0.5]])
    assert region(uv).tolist() == [0, 1, 2, 3, 3]


def test_the_surface_is_curved_two_dimensional():
    data = toy_dataset(train=10, test=2000, seed=0)
    pca = metrics.fit_pca(data.test_images, TOY_INPUTS)
    ratios = pca.explained_variance_ratio
    # Two directions hold most of the variance, but not all: no plane holds the points exactly.
    assert float(ratios[:2].sum()) > 0.9
    assert float(ratios[2:].sum()) > 0.005


@pytest.mark.parametrize("bad", [dict(train=0), dict(test=True), dict(noise=0.9)])
def test_bad_sizes_are_refused(bad):
    with pytest.raises(ValueError):
        toy_dataset(**bad)


def test_toy_network_has_the_source_texts_weights():
    model = build_model("stacked", TOY_MODEL, seed=0)
    shapes = {name: tuple(weight.shape) for name, weight in model.named_weights().items()}
    assert shapes == {"We1": (2, 5), "We2": (2, 2), "We3": (2, 2), "We4": (2, 2),
                      "Wd1": (2, 2), "Wd2": (2, 2), "Wd3": (2, 2), "Wd4": (5, 2)}
    out = model.reconstruct(torch.rand(7, TOY_INPUTS))
    assert out.shape == (7, TOY_INPUTS)


def test_toy_trains_greedily_through_the_shared_loop(one_thread):
    torch.manual_seed(0)
    data = toy_dataset(train=512, test=200, seed=0)
    baseline = float((data.test_images - data.test_images.mean(0)).pow(2).mean())
    model = build_model("stacked", TOY_MODEL, seed=0)
    stage = TrainConfig(**{**TOY_TRAIN, "epochs": 10, "report_every": 8})
    finetune = TrainConfig(**{**TOY_TRAIN, "epochs": 10, "report_every": 8})
    events = list(train_greedy(model, data, stage, finetune))
    assert events[-1].kind == "done" and events[-1].stage == "fine-tune"
    mse = metrics.evaluate(model, data.test_images)["mse"]
    assert mse < 0.2 * baseline


def test_toy_trains_end_to_end_through_the_shared_loop(one_thread):
    data = toy_dataset(train=256, test=100, seed=1)
    model = build_model("stacked", TOY_MODEL, seed=0)
    before = metrics.evaluate(model, data.test_images)["mse"]
    done = run(model, data, TrainConfig(epochs=5, batch_size=32, lr=1e-2, report_every=4))
    assert done.kind == "done" and set(done.test) >= {"mse", "psnr"}
    assert done.test["mse"] < before


def test_one_thread_applies_to_the_training_thread_only():
    import threading

    from ae_core.toy import one_thread

    seen = []

    def schedule(model, data, config, stop):
        seen.append(torch.get_num_threads())
        yield run(model, data, config)

    data = toy_dataset(train=32, test=8)
    model = build_model("stacked", TOY_MODEL, seed=0)
    before = torch.get_num_threads()
    worker = threading.Thread(target=lambda: list(one_thread(schedule)(model, data, TrainConfig(epochs=1), None)))
    worker.start()
    worker.join()
    assert seen == [1]
    assert torch.get_num_threads() == before
