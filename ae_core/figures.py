"""Plotly figure builders: pure functions, data in -> go.Figure out, one builder per kind of figure.

No Streamlit and no model here: callers pass numbers (numpy arrays, lists, dicts) and the words to
print (so the app can translate them). Builders set `uirevision` where a figure is redrawn often,
so that a user's zoom survives the redraw.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# One colour per class (plotly's default qualitative palette), the same in every figure.
CLASS_COLOURS = ("#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A",
                 "#19D3F3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52")
ENCODER_COLOUR = "#4C78A8"
CODE_COLOUR = "#54A24B"
DECODER_COLOUR = "#F58518"
TERM_COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2")


def _png_source(image: np.ndarray, upscale: int = 4) -> str:
    """A grey-scale image (h, w) in [0, 1] as a PNG data URI, its pixels repeated `upscale` times
    so that the browser's smoothing does not blur a 28-pixel digit shown larger."""
    import base64
    import io

    from PIL import Image

    levels = (np.clip(np.asarray(image, dtype=np.float32), 0, 1) * 255).round().astype(np.uint8)
    levels = levels.repeat(upscale, axis=0).repeat(upscale, axis=1)
    buffer = io.BytesIO()
    Image.fromarray(levels, mode="L").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _square_image(image: np.ndarray, centre_x: float, size: float) -> dict[str, Any]:
    """A layout image centred at (centre_x, 0) within a size x size box of data units, kept square
    ("contain"): the diagram's x and y units differ and change with the figure's width, so an image
    drawn in data units would be stretched on a wide screen."""
    return dict(source=_png_source(image), xref="x", yref="y", x=centre_x, y=0, sizex=size, sizey=size,
                xanchor="center", yanchor="middle", sizing="contain", layer="above")


def autoencoder_diagram(layer_sizes: Sequence[int], code_index: int | None = None, *,
                        input_image: np.ndarray | None = None, output_image: np.ndarray | None = None,
                        labels: dict[str, str] | None = None, height: int = 300) -> go.Figure:
    """The encoder -> code -> decoder picture of an MLP autoencoder.

    layer_sizes: widths from the input to the output, e.g. [784, 256, 128, 2, 128, 256, 784];
    each layer is a bar whose height grows with the square root of its width, and the funnels
    between bars are coloured encoder / decoder. code_index: which layer is the code h (default:
    the middle one). input_image / output_image (28, 28): a real digit and its reconstruction,
    drawn at both ends. labels: words for "encoder", "decoder", "input", "code", "output".
    """
    sizes = [int(size) for size in layer_sizes]
    if len(sizes) < 3 or min(sizes) < 1:
        raise ValueError(f"layer_sizes needs at least 3 positive widths, got {list(layer_sizes)}")
    code_index = len(sizes) // 2 if code_index is None else code_index
    if not 0 < code_index < len(sizes) - 1:
        raise ValueError(f"code_index must name an inner layer, got {code_index} for {len(sizes)} layers")
    words = {"encoder": "encoder", "decoder": "decoder", "input": "input x", "code": "code h",
             "output": "output x′", **(labels or {})}
    largest = math.sqrt(max(sizes))
    half_heights = [max(0.06, 0.9 * math.sqrt(size) / largest) for size in sizes]
    bar = 0.16  # bar width in layer spacings
    figure = go.Figure()

    for index in range(len(sizes) - 1):
        left, right = index + bar / 2, index + 1 - bar / 2
        colour = ENCODER_COLOUR if index < code_index else DECODER_COLOUR
        figure.add_shape(type="path", line_width=0, fillcolor=colour, opacity=0.22, layer="below",
                         path=f"M {left} {-half_heights[index]} L {right} {-half_heights[index + 1]} "
                              f"L {right} {half_heights[index + 1]} L {left} {half_heights[index]} Z")
    for index, (size, half) in enumerate(zip(sizes, half_heights)):
        colour = CODE_COLOUR if index == code_index else (
            ENCODER_COLOUR if index < code_index else DECODER_COLOUR)
        figure.add_shape(type="rect", x0=index - bar / 2, x1=index + bar / 2, y0=-half, y1=half,
                         fillcolor=colour, line_width=0)
        figure.add_annotation(x=index, y=-half - 0.08, text=f"{size:,}", showarrow=False, yanchor="top",
                              font_size=12)
    figure.add_annotation(x=0, y=half_heights[0] + 0.06, text=f"<b>{words['input']}</b>",
                          showarrow=False, yanchor="bottom")
    figure.add_annotation(x=code_index, y=half_heights[code_index] + 0.06, text=f"<b>{words['code']}</b>",
                          showarrow=False, yanchor="bottom", font_color=CODE_COLOUR)
    figure.add_annotation(x=len(sizes) - 1, y=half_heights[-1] + 0.06, text=f"<b>{words['output']}</b>",
                          showarrow=False, yanchor="bottom")
    figure.add_annotation(x=code_index / 2, y=-1.22, text=words["encoder"], showarrow=False,
                          font=dict(color=ENCODER_COLOUR, size=14))
    figure.add_annotation(x=(code_index + len(sizes) - 1) / 2, y=-1.22, text=words["decoder"],
                          showarrow=False, font=dict(color=DECODER_COLOUR, size=14))

    left_edge, right_edge = -0.5, len(sizes) - 0.5
    if input_image is not None:
        figure.add_layout_image(_square_image(input_image, -1.15, 1.2))
        left_edge = -1.85
    if output_image is not None:
        figure.add_layout_image(_square_image(output_image, len(sizes) - 1 + 1.15, 1.2))
        right_edge = len(sizes) - 1 + 1.85
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), showlegend=False,
                         plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    figure.update_xaxes(visible=False, range=[left_edge, right_edge], fixedrange=True)
    figure.update_yaxes(visible=False, range=[-1.35, 1.2], fixedrange=True)
    return figure


def _term_order(points: Sequence[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for point in points:
        names.extend(name for name in point["terms"] if name not in names)
    first_seen = list(names)
    names.sort(key=lambda name: (name != "loss", first_seen.index(name)))
    # A term equal to the loss everywhere (a plain AE's "recon") would only draw the same curve twice.
    if "loss" in names:
        names = [name for name in names if name == "loss" or not all(
            name in p["terms"] and "loss" in p["terms"]
            and math.isclose(p["terms"][name], p["terms"]["loss"], rel_tol=1e-9, abs_tol=1e-12)
            for p in points)]
    return names


TRAIN_COLOUR, TEST_COLOUR = TERM_COLOURS[0], TERM_COLOURS[1]
# Room above the plot for the legend and the first panel's title, below Plotly's toolbar (modebar),
# which sits in the figure's top right corner.
TOOLBAR_CLEARANCE_PX = 34
TITLE_ROW_PX = 26
TOP_LEGEND_MARGIN = TOOLBAR_CLEARANCE_PX + TITLE_ROW_PX  # a legend row above the plot, below the toolbar


def loss_curves(points: Sequence[dict[str, Any]], test_points: Sequence[dict[str, Any]] = (), *,
                x_title: str = "epoch", train_label: str = "train", test_label: str = "test",
                titles: dict[str, str] | None = None, y_titles: dict[str, str] | None = None,
                stage_names: dict[str, str] | None = None, height_per_term: int = 170) -> go.Figure:
    """Every named loss term over training, one panel per term sharing the x axis.

    points: [{"x": epochs done (fractional), "stage": str | None, "terms": {name: value}}, ...]
    as recorded during training; test_points: [{"x", "stage", "test": {name: value}}, ...] at
    epoch ends, drawn as markers on the panel of the term with the same name (the caller makes
    them comparable: same term, same unit). Training is one colour and test another in every
    panel, named once in the legend. titles / y_titles: each term's panel title and y-axis title
    (its unit); stage_names: the words for each stage label. Stage changes (greedy layer-wise
    schedules) are marked by a vertical line with the stage's name written along it, so that
    short stages never overlap their neighbours' names. Hovering shows every value at that x.
    """
    names = _term_order(points) or ["loss"]
    titles, y_titles, stage_names = titles or {}, y_titles or {}, stage_names or {}
    rows = len(names)
    plot_px = height_per_term * rows + TITLE_ROW_PX * (rows - 1)
    figure = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=TITLE_ROW_PX / plot_px)
    shown_in_legend: set[str] = set()
    for row, name in enumerate(names, start=1):
        xs = [p["x"] for p in points if name in p["terms"]]
        ys = [p["terms"][name] for p in points if name in p["terms"]]
        title = titles.get(name, name)
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=train_label, legendgroup="train",
                                    showlegend="train" not in shown_in_legend,
                                    line=dict(color=TRAIN_COLOUR, width=2),
                                    hovertemplate=f"{title} ({train_label}): %{{y:.5g}}<extra></extra>"),
                         row=row, col=1)
        shown_in_legend.add("train")
        test_xs = [p["x"] for p in test_points if name in p["test"]]
        if test_xs:
            test_ys = [p["test"][name] for p in test_points if name in p["test"]]
            figure.add_trace(go.Scatter(x=test_xs, y=test_ys, mode="markers+lines", name=test_label,
                                        legendgroup="test", showlegend="test" not in shown_in_legend,
                                        line=dict(color=TEST_COLOUR, width=1, dash="dot"),
                                        marker=dict(color=TEST_COLOUR, size=7, symbol="diamond"),
                                        hovertemplate=f"{title} ({test_label}): %{{y:.5g}}<extra></extra>"),
                             row=row, col=1)
            shown_in_legend.add("test")
        domain_top = figure.layout[f"yaxis{'' if row == 1 else row}"].domain[1]
        figure.add_annotation(x=0, xref="paper", y=domain_top, yref="paper", text=f"<b>{title}</b>",
                              showarrow=False, xanchor="left", yanchor="bottom", font_size=13)
        figure.update_yaxes(title_text=y_titles.get(name), title_font_size=11, row=row, col=1)
    previous = None
    for point in points:
        if point.get("stage") is not None and point["stage"] != previous:
            x = math.floor(point["x"])
            if previous is not None or point["x"] > 0:
                figure.add_vline(x=x, line=dict(color="#888", width=1, dash="dash"))
            label = stage_names.get(point["stage"], str(point["stage"]))
            figure.add_annotation(x=x, y=1.0, yref="paper", text=label, showarrow=False, textangle=-90,
                                  xanchor="left", yanchor="top", font=dict(size=10, color="#555"),
                                  bgcolor="rgba(255,255,255,0.7)")
        previous = point.get("stage")
    top = TOP_LEGEND_MARGIN
    figure.update_layout(height=plot_px + top + 50, hovermode="x unified", uirevision="loss",
                         showlegend=True, margin=dict(l=10, r=10, t=top, b=10),
                         legend=dict(orientation="h", x=1, xanchor="right", y=1, yanchor="bottom",
                                     bgcolor="rgba(0,0,0,0)", font_size=12))
    figure.update_xaxes(title_text=x_title, row=rows, col=1, rangemode="tozero")
    return figure


def latent_scatter(points: np.ndarray, labels: np.ndarray, class_names: Sequence[str], *,
                   axis_titles: tuple[str, str] = ("z1", "z2"), legend_title: str = "class",
                   selected: int | None = None, height: int = 560) -> go.Figure:
    """Codes as a WebGL scatter, one trace per class (so the legend can hide classes).

    points (N, 2), labels (N,) in [0, len(class_names)). Each point's customdata is its index in
    `points`, which a click selection returns. `selected` rings one point.
    """
    points = np.asarray(points, dtype=np.float32)
    labels = np.asarray(labels)
    if points.ndim != 2 or points.shape[1] != 2 or labels.shape != (points.shape[0],):
        raise ValueError(f"points must be (N, 2) and labels (N,), got {points.shape} and {labels.shape}")
    figure = go.Figure()
    for label, name in enumerate(class_names):
        index = np.flatnonzero(labels == label)
        if index.size == 0:
            continue
        figure.add_trace(go.Scattergl(
            x=points[index, 0], y=points[index, 1], customdata=index, mode="markers", name=str(name),
            marker=dict(color=CLASS_COLOURS[label % len(CLASS_COLOURS)], size=4, opacity=0.65),
            hovertemplate=f"{name}<br>(%{{x:.2f}}, %{{y:.2f}})<br>#%{{customdata}}<extra></extra>"))
    if selected is not None and 0 <= selected < points.shape[0]:
        figure.add_trace(go.Scattergl(
            x=[points[selected, 0]], y=[points[selected, 1]], mode="markers", showlegend=False,
            hoverinfo="skip", marker=dict(size=16, color="rgba(0,0,0,0)", line=dict(color="black", width=2))))
    figure.update_layout(height=height, legend=dict(title=legend_title, itemsizing="constant"),
                         margin=dict(l=10, r=10, t=10, b=10), uirevision="latent",
                         xaxis_title=axis_titles[0], yaxis_title=axis_titles[1])
    figure.update_yaxes(scaleanchor="x", scaleratio=1)
    return figure


def series_curves(x: Sequence[float], series: dict[str, Sequence[float]], *, x_title: str, y_title: str,
                  dashed: Sequence[str] = (), marker_x: float | None = None, marker_label: str = "",
                  value_format: str = ".2f", height: int = 380) -> go.Figure:
    """Several named series over one x axis, as lines with markers (e.g. PSNR against noise level
    for the noisy input and each model). Series named in `dashed` draw as dashed grey-ish
    references; `marker_x` draws a vertical line (the level now chosen) labelled `marker_label`.
    Hovering shows every series' value at that x.
    """
    x = [float(value) for value in x]
    for name, values in series.items():
        if len(values) != len(x):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(x)} x positions")
    figure = go.Figure()
    colours = iter(TERM_COLOURS)
    for name, values in series.items():
        reference = name in dashed
        colour = "#7F7F7F" if reference else next(colours)
        figure.add_trace(go.Scatter(
            x=x, y=[float(value) for value in values], name=name, mode="lines+markers",
            line=dict(color=colour, width=2, dash="dash" if reference else "solid"),
            marker=dict(color=colour, size=6),
            hovertemplate=f"{name}: %{{y:{value_format}}}<extra></extra>"))
    if marker_x is not None:
        figure.add_vline(x=float(marker_x), line=dict(color="#444", width=1, dash="dot"),
                         annotation_text=marker_label, annotation_position="bottom right")
    figure.update_layout(height=height, hovermode="x unified",
                         margin=dict(l=10, r=10, t=TOP_LEGEND_MARGIN, b=10),
                         legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
                         xaxis_title=x_title, yaxis_title=y_title, uirevision="series")
    return figure


def annotated_heatmaps(panels: Sequence[dict[str, Any]], *, shared_scale: bool = True,
                       colorscale: str = "Blues", height: int = 260) -> go.Figure:
    """Small arrays side by side, each cell coloured by its value and labelled with its text.

    panels: [{"title": str, "values": (h, w), "text": (h, w) strings (default: the values),
    "outline": [(row, col), ...] cells to ring}], row 0 drawn on top. Panel widths follow their
    column counts so every cell is the same size; with `shared_scale` one value has one colour in
    every panel (a maximum keeps its colour after pooling and unpooling).
    """
    if not panels:
        raise ValueError("annotated_heatmaps needs at least one panel")
    arrays = [np.asarray(panel["values"], dtype=np.float64) for panel in panels]
    if any(array.ndim != 2 for array in arrays):
        raise ValueError(f"each panel's values must be 2-D, got shapes {[a.shape for a in arrays]}")
    low = min(float(array.min()) for array in arrays)
    high = max(float(array.max()) for array in arrays)
    widths = [array.shape[1] for array in arrays]
    figure = make_subplots(rows=1, cols=len(panels), column_widths=widths,
                           subplot_titles=[panel.get("title", "") for panel in panels],
                           horizontal_spacing=min(0.08, 0.4 / len(panels)))
    outlines: list[dict[str, Any]] = []
    for column, (panel, array) in enumerate(zip(panels, arrays), start=1):
        text = panel.get("text")
        text = np.vectorize(lambda v: f"{v:g}")(array) if text is None else np.asarray(text, dtype=object)
        if text.shape != array.shape:
            raise ValueError(f"panel {column}: text shape {text.shape} differs from values {array.shape}")
        scale = dict(zmin=low, zmax=high) if shared_scale else {}
        figure.add_trace(go.Heatmap(z=array, text=text, texttemplate="%{text}", colorscale=colorscale,
                                    showscale=False, xgap=2, ygap=2, hoverinfo="skip", **scale),
                         row=1, col=column)
        axis = "" if column == 1 else str(column)
        outlines.extend(dict(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                             xref=f"x{axis}", yref=f"y{axis}", line=dict(color="#D62728", width=3))
                        for row, col in panel.get("outline", ()))
        figure.update_yaxes(autorange="reversed", scaleanchor=f"x{axis}", row=1, col=column)
    figure.update_xaxes(visible=False, fixedrange=True)
    figure.update_yaxes(visible=False, fixedrange=True)
    # Shapes go in with one layout update: add_shape would copy the figure once per cell ringed.
    figure.update_annotations(font_size=12)  # the panels' titles, which may hold two lines
    figure.update_layout(shapes=outlines, height=height, margin=dict(l=10, r=10, t=50, b=10),
                         plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    return figure


def image_grid(images: np.ndarray, *, columns: int, labels: Sequence[str] | None = None,
               normalise: bool = False, colorscale: str = "gray", cell_px: int | None = None,
               max_width_px: int = 900) -> go.Figure:
    """Many small images (n, h, w) tiled in rows of `columns` with 1-pixel gaps, one heatmap trace
    per image placed by its x0/y0 (float32 arrays travel as compact binary; nothing per pixel but
    the values). Hover names the image (`labels[i]`, default "#i") and the value under the pointer.
    `normalise` stretches each image's colours to its own [min, max] (feature maps differ widely in
    range; a constant map stays black), the hover still showing raw values; otherwise colours
    span [0, 1].
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 3 or images.shape[0] == 0:
        raise ValueError(f"images must be shaped (n, h, w) with n >= 1, got {images.shape}")
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns}")
    count, height, width = images.shape
    columns = min(columns, count)
    rows = math.ceil(count / columns)
    labels = [f"#{index}" for index in range(count)] if labels is None else list(labels)
    if len(labels) != count:
        raise ValueError(f"got {len(labels)} labels for {count} images")
    gap = 1
    total_height, total_width = rows * (height + gap) - gap, columns * (width + gap) - gap
    figure = go.Figure()
    for index, image in enumerate(images):
        low, high = 0.0, 1.0
        if normalise:
            low, high = float(image.min()), float(image.max())
            high = high if high > low else low + 1.0  # a constant map: its value is the bottom colour
        label = str(labels[index]).replace("{", "(").replace("}", ")")  # no "%{...}" from a label
        figure.add_trace(go.Heatmap(
            z=image, x0=(index % columns) * (width + gap), dx=1, y0=(index // columns) * (height + gap), dy=1,
            zmin=low, zmax=high, colorscale=colorscale, showscale=False, name=str(labels[index]),
            hovertemplate=f"{label}<br>%{{z:.3g}}<extra></extra>"))
    cell_px = cell_px or max(1, min(6, max_width_px // total_width))
    figure.update_xaxes(visible=False, fixedrange=True, constrain="domain", range=[-0.5, total_width - 0.5])
    figure.update_yaxes(visible=False, fixedrange=True, range=[total_height - 0.5, -0.5], scaleanchor="x",
                        constrain="domain")
    figure.update_layout(height=total_height * cell_px + 10, width=total_width * cell_px + 10,
                         margin=dict(l=5, r=5, t=5, b=5), showlegend=False,
                         plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    return figure


# Fill colours of conv_architecture's boxes by layer kind; moving layers (pool, unpool, upsample)
# are lighter than the layers with weights.
LAYER_COLOURS = {"input": "#9E9E9E", "output": "#9E9E9E", "conv": ENCODER_COLOUR, "pool": "#9ECAE9",
                 "code": CODE_COLOUR, "dense": "#A6D99B", "unpool": "#FFBF79", "upsample": "#FFBF79",
                 "deconv": DECODER_COLOUR}


def conv_architecture(layers: Sequence[dict[str, Any]], *, kind_labels: dict[str, str] | None = None,
                      labels: dict[str, str] | None = None, height: int = 330) -> go.Figure:
    """A convolutional autoencoder drawn layer by layer from its real tensor shapes.

    layers: [{"name", "kind", "shape", "parameters"}, ...] in data order (ae_core.convolution.layers);
    a feature map (C, H, W) is a stack of sheets whose height follows H and whose depth follows C,
    the code (D,) a thin bar. Each box has its shape written below and its kind (kind_labels[kind])
    above; hovering shows the name, shape and parameter count. Convolutions after the code take the
    decoder's colour. labels: words for "encoder", "decoder", "parameters".
    """
    if not layers:
        raise ValueError("conv_architecture needs at least one layer")
    words = {"encoder": "encoder", "decoder": "decoder", "parameters": "parameters", **(labels or {})}
    kinds = {**{kind: kind for kind in LAYER_COLOURS}, **(kind_labels or {})}
    code_index = next((i for i, layer in enumerate(layers) if layer["kind"] == "code"), len(layers))
    largest_side = max(layer["shape"][-1] if len(layer["shape"]) == 3 else 1 for layer in layers)
    # Shapes and annotations are collected and handed over once: add_shape / add_annotation copy
    # the figure at each call, which made this figure take about a second.
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    hover_x, hover_y, hover_text = [], [], []
    for index, layer in enumerate(layers):
        shape = tuple(int(size) for size in layer["shape"])
        kind = layer["kind"]
        colour = LAYER_COLOURS.get(kind, "#9E9E9E")
        if kind == "conv" and index > code_index:
            colour = DECODER_COLOUR
        if len(shape) == 3:
            channels, side = shape[0], shape[1]
            half = 0.12 + 0.78 * side / largest_side
            sheets = min(5, max(1, math.ceil(math.log2(channels + 1))))
            text = f"{channels}×{shape[1]}×{shape[2]}"
        else:
            half, sheets = 0.55, 1
            text = f"{shape[0]}"
        for sheet in reversed(range(sheets)):
            offset = 0.045 * sheet
            shapes.append(dict(type="rect", x0=index - 0.16 + offset, x1=index + 0.16 + offset,
                               y0=-half + offset, y1=half + offset, fillcolor=colour,
                               line=dict(color="white", width=1), opacity=1.0 if sheet == 0 else 0.75))
        # Two short lines ("16×" over "28×28"): thirteen layers side by side fit a phone's width.
        label = text.replace("×", "×<br>", 1) if len(shape) == 3 else text
        annotations.append(dict(x=index, y=-1.0, text=label, showarrow=False, font_size=10, yanchor="top"))
        annotations.append(dict(x=index, y=1.0, text=kinds.get(kind, kind), showarrow=False, font_size=11,
                                yanchor="bottom", textangle=-45))
        hover_x.append(index)
        hover_y.append(0)
        hover_text.append(f"<b>{layer['name']}</b><br>{text}<br>{int(layer.get('parameters', 0)):,} "
                          f"{words['parameters']}")
    if 0 < code_index < len(layers):
        annotations.append(dict(x=(code_index - 1) / 2, y=-1.5, text=words["encoder"], showarrow=False,
                                font=dict(color=ENCODER_COLOUR, size=14)))
        annotations.append(dict(x=(code_index + len(layers)) / 2, y=-1.5, text=words["decoder"],
                                showarrow=False, font=dict(color=DECODER_COLOUR, size=14)))
    figure = go.Figure(
        go.Scatter(x=hover_x, y=hover_y, mode="markers", marker=dict(size=30, opacity=0),
                   hovertext=hover_text, hoverinfo="text", showlegend=False),
        layout=dict(shapes=shapes, annotations=annotations, height=height, showlegend=False,
                    margin=dict(l=10, r=10, t=10, b=10),
                    plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)"))
    figure.update_xaxes(visible=False, range=[-0.6, len(layers) - 0.3], fixedrange=True)
    figure.update_yaxes(visible=False, range=[-1.62, 1.45], fixedrange=True)
    return figure


# --- Stacked AE, novelty detection, feature extraction ---------------------------------------------

POSITIVE_COLOUR = "#2166AC"  # a positive weight (blue) ...
NEGATIVE_COLOUR = "#B2182B"  # ... and a negative one (red), as in RdBu
ROLE_COLOURS = {"trains": "#E8A317", "frozen": "#7F9CB8", "idle": "#CCCCCC"}


def _unit_names(sizes: Sequence[int]) -> list[list[str]]:
    """Neuron labels as the source text writes them: x1..xD, hidden units numbered on across the
    encoder (h1, h2 | h3, h4 | ...), their rebuilt copies ĥ in the decoder, outputs x̂1..x̂D."""
    depth = (len(sizes) - 1) // 2
    names, counter, starts = [], 0, []
    for layer, size in enumerate(sizes):
        if layer == 0:
            names.append([f"x{i + 1}" for i in range(size)])
        elif layer <= depth:
            starts.append(counter)
            names.append([f"h{counter + i + 1}" for i in range(size)])
            counter += size
        elif layer < len(sizes) - 1:
            mirror = starts[2 * depth - layer - 1]
            names.append([f"ĥ{mirror + i + 1}" for i in range(size)])
        else:
            names.append([f"x̂{i + 1}" for i in range(size)])
    return names


def stacked_network(layer_sizes: Sequence[int], *, weights: Sequence[tuple[str, np.ndarray]] | None = None,
                    roles: dict[str, str] | None = None, labels: dict[str, str] | None = None,
                    max_units: int = 12, height: int = 380) -> go.Figure:
    """A stacked autoencoder labelled as the source text labels it: input x, hidden layers h,
    encoding weights We1..WeK and decoding weights Wd1..WdK.

    layer_sizes: the 2K + 1 widths from input to output, e.g. [5, 2, 2, 2, 2, 2, 2, 2, 5].
    weights: [(name, (out, in) array)] in data order (ae_core.weights.drawing_weights). When
    given and no layer is wider than `max_units`, every neuron and every weight is drawn, each
    edge coloured by its sign (blue +, red -) and as thick as its magnitude, with its value on
    hover; otherwise each layer is a block with its width (autoencoder_diagram) and each weight
    name sits between two blocks. roles: weight name -> "trains" / "frozen" / "idle" (a stage of
    greedy pretraining): each name is coloured by its role and the role written under it; idle
    weights fade and frozen ones are shaded. labels: words for "encoder", "decoder", "input",
    "code", "output", "trains", "frozen", "idle".
    """
    sizes = [int(size) for size in layer_sizes]
    if len(sizes) < 5 or len(sizes) % 2 == 0 or sizes[0] != sizes[-1]:
        raise ValueError(f"layer_sizes must be 2K + 1 >= 5 widths with equal input and output, got {sizes}")
    depth = (len(sizes) - 1) // 2
    names = [f"We{k}" for k in range(1, depth + 1)] + [f"Wd{k}" for k in range(1, depth + 1)]
    words = {"encoder": "encoder", "decoder": "decoder", "input": "input x", "code": "code h",
             "output": "output x̂", "trains": "trains", "frozen": "frozen", "idle": "idle", **(labels or {})}
    roles = roles or {}
    if weights is not None:
        if [name for name, _ in weights] != names:
            raise ValueError(f"weights must be named {names} in that order, got {[n for n, _ in weights]}")
        for index, (name, matrix) in enumerate(weights):
            if np.shape(matrix) != (sizes[index + 1], sizes[index]):
                raise ValueError(f"{name} must be shaped {(sizes[index + 1], sizes[index])}, "
                                 f"got {np.shape(matrix)}")
    if weights is not None and max(sizes) <= max_units:
        figure = _neuron_graph(sizes, weights, names, roles, words)
    else:
        figure = autoencoder_diagram(sizes, depth, labels=words, height=height)
        for index, name in enumerate(names):
            role = roles.get(name)
            text = f"<b>{name}</b>" + (f"<br><i>{words[role]}</i>" if role else "")
            figure.add_annotation(x=index + 0.5, y=0, text=text, showarrow=False, font_size=12,
                                  font_color=ROLE_COLOURS[role] if role else "#333", bgcolor="rgba(255,255,255,0.75)")
            if role in ("frozen", "idle"):
                figure.add_shape(type="rect", x0=index + 0.1, x1=index + 0.9, y0=-0.95, y1=0.95,
                                 fillcolor="white" if role == "idle" else ROLE_COLOURS["frozen"],
                                 opacity=0.55 if role == "idle" else 0.18, line_width=0)
            elif role == "trains":
                figure.add_shape(type="rect", x0=index + 0.08, x1=index + 0.92, y0=-0.97, y1=0.97,
                                 line=dict(color=ROLE_COLOURS["trains"], width=3))
        for layer in range(1, len(sizes) - 1):
            if layer != depth:
                name = f"h{layer}" if layer < depth else f"ĥ{2 * depth - layer}"
                half = max(0.06, 0.9 * math.sqrt(sizes[layer]) / math.sqrt(max(sizes)))
                figure.add_annotation(x=layer, y=half + 0.06, text=name, showarrow=False, yanchor="bottom")
    figure.update_layout(height=height)
    return figure


def _neuron_graph(sizes: list[int], weights: Sequence[tuple[str, np.ndarray]], names: list[str],
                  roles: dict[str, str], words: dict[str, str]) -> go.Figure:
    # Traces and annotations are collected in lists and handed to go.Figure once: add_trace copies
    # the figure each time, which made a redraw of the toy's 44 edges take seconds on a busy CPU.
    depth = (len(sizes) - 1) // 2
    span = max(sizes) - 1 or 1
    ys = [[(size - 1) / 2 - unit for unit in range(size)] for size in sizes]  # centred columns
    largest = max(float(np.abs(matrix).max()) for _, matrix in weights) or 1.0
    traces: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    edge_x, edge_y, edge_text = [], [], []
    for index, (name, matrix) in enumerate(weights):
        role = roles.get(name)
        fade = 0.25 if role == "idle" else 1.0
        for out in range(matrix.shape[0]):
            for inp in range(matrix.shape[1]):
                value = float(matrix[out, inp])
                strength = abs(value) / largest
                colour = POSITIVE_COLOUR if value >= 0 else NEGATIVE_COLOUR
                traces.append(dict(type="scatter", x=[index, index + 1], y=[ys[index][inp], ys[index + 1][out]],
                                   mode="lines", line=dict(color=colour, width=0.5 + 7 * strength),
                                   opacity=fade * (0.3 + 0.7 * strength), hoverinfo="skip", showlegend=False))
                edge_x.append(index + 0.5)
                edge_y.append((ys[index][inp] + ys[index + 1][out]) / 2)
                edge_text.append(f"{name}[{out + 1},{inp + 1}] = {value:+.3f}")
        colour = ROLE_COLOURS[role] if role else "#333"
        text = f"<b>{name}</b>" + (f"<br><i>{words[role]}</i>" if role else "")
        annotations.append(dict(x=index + 0.5, y=span / 2 + 0.6, text=text, showarrow=False, yanchor="bottom",
                                font=dict(color=colour, size=12)))
    # Invisible points at the edges' midpoints carry the hover text (lines do not hover between points).
    traces.append(dict(type="scatter", x=edge_x, y=edge_y, mode="markers", marker=dict(size=9, opacity=0),
                       hovertext=edge_text, hoverinfo="text", showlegend=False))
    units = _unit_names(sizes)
    for layer, size in enumerate(sizes):
        colour = (CODE_COLOUR if layer == depth else ENCODER_COLOUR if layer < depth else DECODER_COLOUR)
        if layer in (0, len(sizes) - 1):
            colour = "#9E9E9E"
        traces.append(dict(type="scatter", x=[layer] * size, y=ys[layer], mode="markers+text", text=units[layer],
                           textfont=dict(color="white", size=11),
                           marker=dict(size=30, color=colour, line=dict(color="white", width=1.5)),
                           hovertext=units[layer], hoverinfo="text", showlegend=False))
    top = span / 2 + 1.6
    for layer, word in ((0, words["input"]), (depth, words["code"]), (len(sizes) - 1, words["output"])):
        annotations.append(dict(x=layer, y=-span / 2 - 0.75, text=f"<b>{word}</b>", showarrow=False))
    annotations.append(dict(x=depth / 2, y=top, text=words["encoder"], showarrow=False,
                            font=dict(color=ENCODER_COLOUR, size=14)))
    annotations.append(dict(x=depth * 1.5, y=top, text=words["decoder"], showarrow=False,
                            font=dict(color=DECODER_COLOUR, size=14)))
    return go.Figure(data=traces, layout=dict(
        annotations=annotations, margin=dict(l=10, r=10, t=10, b=10), showlegend=False, hovermode="closest",
        plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)", uirevision="network",
        xaxis=dict(visible=False, range=[-0.5, len(sizes) - 0.5], fixedrange=True),
        yaxis=dict(visible=False, range=[-span / 2 - 1.1, top + 0.4], fixedrange=True)))


def score_histogram(groups: dict[str, np.ndarray], *, x_title: str, y_title: str, threshold: float | None = None,
                    threshold_label: str = "", marker: float | None = None, marker_label: str = "",
                    bins: int = 60, clip_quantile: float = 0.995, height: int = 360) -> go.Figure:
    """Overlaid histograms of one score for several groups (e.g. normal and novel test images),
    each normalised to percent of its own group so that groups of different sizes compare.

    Bins are shared; the x range stops at the `clip_quantile` of all scores (a few extreme scores
    would squeeze the rest into one bar) and the last bar holds everything above. `threshold`
    and `marker` draw labelled vertical lines (the decision threshold, one user image's score).
    Hovering shows a bar's range and its group's share.
    """
    arrays = {name: np.asarray(values, dtype=np.float64).ravel() for name, values in groups.items()}
    if not arrays or any(array.size == 0 for array in arrays.values()):
        raise ValueError("score_histogram needs at least one non-empty group")
    everything = np.concatenate(list(arrays.values()))
    low = float(everything.min())
    high = float(np.quantile(everything, clip_quantile))
    if high <= low:
        high = low + 1e-9
    edges = np.linspace(low, high, bins + 1)
    figure = go.Figure()
    for index, (name, values) in enumerate(arrays.items()):
        counts, _ = np.histogram(np.clip(values, low, high), bins=edges)
        share = 100.0 * counts / values.size
        colour = TERM_COLOURS[index % len(TERM_COLOURS)]
        figure.add_trace(go.Bar(
            x=(edges[:-1] + edges[1:]) / 2, y=share, width=np.diff(edges), name=name, opacity=0.6,
            marker=dict(color=colour, line_width=0),
            customdata=np.stack([edges[:-1], edges[1:], counts], axis=1),
            hovertemplate=f"{name}<br>%{{customdata[0]:.4g}} – %{{customdata[1]:.4g}}<br>"
                          f"%{{y:.1f}}% (%{{customdata[2]:d}})<extra></extra>"))
    if threshold is not None:
        figure.add_vline(x=float(threshold), line=dict(color="#222", width=2, dash="dash"),
                         annotation_text=threshold_label, annotation_position="top right")
    if marker is not None:
        figure.add_vline(x=float(min(max(marker, low), high)), line=dict(color="#D62728", width=3),
                         annotation_text=marker_label, annotation_position="top left",
                         annotation_font_color="#D62728")
    figure.update_layout(barmode="overlay", height=height, margin=dict(l=10, r=10, t=TOP_LEGEND_MARGIN, b=10),
                         legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), bargap=0,
                         xaxis_title=x_title, yaxis_title=y_title, uirevision="histogram")
    return figure


def roc_figure(fpr: np.ndarray, tpr: np.ndarray, auroc: float, *, x_title: str, y_title: str,
               auroc_label: str = "AUROC", chance_label: str = "chance", point: tuple[float, float] | None = None,
               point_label: str = "", height: int = 360) -> go.Figure:
    """The ROC curve (true positive rate against false positive rate) with its area in the legend,
    the chance diagonal, and `point` (the rates at the chosen threshold) as a marked dot."""
    fpr, tpr = np.asarray(fpr, dtype=np.float64), np.asarray(tpr, dtype=np.float64)
    if fpr.shape != tpr.shape or fpr.ndim != 1 or fpr.size < 2:
        raise ValueError(f"fpr and tpr must be 1-D of the same length >= 2, got {fpr.shape} and {tpr.shape}")
    if fpr.size > 2000:  # plenty for the eye; keeps the page light with 10,000 distinct scores
        keep = np.unique(np.linspace(0, fpr.size - 1, 2000).round().astype(int))
        fpr, tpr = fpr[keep], tpr[keep]
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=chance_label,
                                line=dict(color="#999", dash="dash", width=1), hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=fpr, y=tpr, mode="lines", name=f"{auroc_label} = {auroc:.3f}",
                                line=dict(color=TERM_COLOURS[0], width=2.5), fill="tozeroy",
                                fillcolor="rgba(76,120,168,0.15)",
                                hovertemplate=f"{x_title}: %{{x:.3f}}<br>{y_title}: %{{y:.3f}}<extra></extra>"))
    if point is not None:
        figure.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=point_label,
                                    marker=dict(size=13, color="#D62728", line=dict(color="white", width=2)),
                                    hovertemplate=f"{point_label}<br>{x_title}: %{{x:.3f}}<br>"
                                                  f"{y_title}: %{{y:.3f}}<extra></extra>"))
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=TOP_LEGEND_MARGIN, b=10), uirevision="roc",
                         legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
                         xaxis_title=x_title, yaxis_title=y_title)
    figure.update_xaxes(range=[-0.01, 1.01], constrain="domain")
    figure.update_yaxes(range=[-0.01, 1.01], scaleanchor="x", scaleratio=1, constrain="domain")
    return figure


def value_bars(values: dict[str, float], *, y_title: str, value_format: str = ".1%",
               highlight: str | None = None, y_range: tuple[float, float] | None = None,
               height: int = 320) -> go.Figure:
    """One bar per named value, its value written on it (e.g. probe accuracy of codes, pixels and
    PCA); the `highlight` bar takes the code colour, the others stay neutral."""
    if not values:
        raise ValueError("value_bars needs at least one value")
    names = list(values)
    heights = [float(values[name]) for name in names]
    colours = [CODE_COLOUR if name == highlight else "#9E9E9E" for name in names]
    figure = go.Figure(go.Bar(x=names, y=heights, marker_color=colours,
                              text=[format(value, value_format) for value in heights], textposition="outside",
                              hovertemplate=f"%{{x}}: %{{y:{value_format}}}<extra></extra>"))
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=20, b=10), yaxis_title=y_title,
                         yaxis_tickformat=".0%" if value_format.endswith("%") else None,
                         showlegend=False)
    if y_range is not None:
        figure.update_yaxes(range=list(y_range))
    return figure


def reparameterization(eps: np.ndarray, z: np.ndarray, mu: Sequence[float], sigma: Sequence[float], *,
                       labels: dict[str, str] | None = None, z_range: tuple[float, float] = (-4.5, 4.5),
                       height: int = 380) -> go.Figure:
    """The reparameterisation z = mu + sigma * eps as two scatters side by side: the draws eps (K, 2)
    from N(0, I) with circles of radius 1 and 2, and the same draws moved to z (K, 2) with the
    1- and 2-sigma ellipses of N(mu, diag(sigma^2)) and mu marked. The last draw is ringed in both
    panels, so one click's eps can be followed to its z. labels: words for "eps", "z", "mu",
    "latest", "one_sigma", "two_sigma" (panel titles and hover names).
    """
    eps, z = np.asarray(eps, dtype=np.float64).reshape(-1, 2), np.asarray(z, dtype=np.float64).reshape(-1, 2)
    if eps.shape != z.shape:
        raise ValueError(f"eps and z must have the same shape (K, 2), got {eps.shape} and {z.shape}")
    (mu_x, mu_y), (sigma_x, sigma_y) = (float(v) for v in mu), (float(v) for v in sigma)
    words = {"eps": "ε ~ N(0, I)", "z": "z = μ + σ ⊙ ε", "mu": "μ", "latest": "latest draw",
             "one_sigma": "1σ", "two_sigma": "2σ", **(labels or {})}
    figure = make_subplots(rows=1, cols=2, subplot_titles=[words["eps"], words["z"]], horizontal_spacing=0.1)
    angle = np.linspace(0, 2 * math.pi, 121)
    panels = ((1, eps, (0.0, 0.0), (1.0, 1.0), ENCODER_COLOUR), (2, z, (mu_x, mu_y), (sigma_x, sigma_y), CODE_COLOUR))
    for column, points, (cx, cy), (rx, ry), colour in panels:
        for radius, name, dash in ((1, words["one_sigma"], "solid"), (2, words["two_sigma"], "dot")):
            figure.add_trace(go.Scatter(x=cx + radius * rx * np.cos(angle), y=cy + radius * ry * np.sin(angle),
                                        mode="lines", line=dict(color="#888", width=1, dash=dash), name=name,
                                        hoverinfo="name", showlegend=False), row=1, col=column)
        figure.add_trace(go.Scatter(x=points[:, 0], y=points[:, 1], mode="markers", showlegend=False,
                                    marker=dict(color=colour, size=7, opacity=0.7),
                                    hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>"), row=1, col=column)
        if len(points):
            figure.add_trace(go.Scatter(x=points[-1:, 0], y=points[-1:, 1], mode="markers", showlegend=False,
                                        marker=dict(size=15, color="rgba(0,0,0,0)", line=dict(color="#D62728", width=3)),
                                        hovertemplate=f"{words['latest']}: (%{{x:.2f}}, %{{y:.2f}})<extra></extra>"),
                             row=1, col=column)
    figure.add_trace(go.Scatter(x=[mu_x], y=[mu_y], mode="markers+text", text=[words["mu"]],
                                textposition="top right", showlegend=False,
                                marker=dict(symbol="x-thin", size=14, line=dict(color="#222", width=3)),
                                hovertemplate=f"{words['mu']} = (%{{x:.2f}}, %{{y:.2f}})<extra></extra>"),
                     row=1, col=2)
    figure.update_xaxes(range=[-3.5, 3.5], zeroline=True, fixedrange=True, title_text="ε₁", row=1, col=1)
    figure.update_yaxes(range=[-3.5, 3.5], zeroline=True, fixedrange=True, title_text="ε₂",
                        scaleanchor="x", row=1, col=1)
    figure.update_xaxes(range=list(z_range), zeroline=True, fixedrange=True, title_text="z₁", row=1, col=2)
    figure.update_yaxes(range=list(z_range), zeroline=True, fixedrange=True, title_text="z₂",
                        scaleanchor="x2", row=1, col=2)
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=TOP_LEGEND_MARGIN, b=10),
                         uirevision="reparameterization")
    return figure


def latent_map(images: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float], *,
               markers: Sequence[tuple[float, float, str]] = (), axis_titles: tuple[str, str] = ("z₁", "z₂"),
               hover_label: str = "z", height: int = 520) -> go.Figure:
    """Decoded images tiled over a grid of 2-D codes, on axes in code units.

    images: (n, n, 28, 28) in [0, 1] (or uint8), [i, j] decoded at row i (top = highest y) and
    column j (left = lowest x) of ae_core.latent.latent_grid(x_range, y_range, n): tile centres
    sit on their codes. The tiles travel as one PNG laid under the axes; an invisible n x n grid
    above it tells the code under the pointer. markers: [(x, y, label), ...] ringed and labelled
    (probes, the user's digit).
    """
    import base64
    import io

    from PIL import Image

    images = np.asarray(images)
    if images.ndim != 4 or images.shape[0] != images.shape[1] or images.shape[0] < 1:
        raise ValueError(f"images must be (n, n, h, w), got {images.shape}")
    n, _, side_y, side_x = images.shape
    (x_low, x_high), (y_low, y_high) = (float(v) for v in x_range), (float(v) for v in y_range)
    if not (x_low < x_high and y_low < y_high):
        raise ValueError(f"ranges must be (low, high) with low < high, got {x_range} and {y_range}")
    levels = images if images.dtype == np.uint8 else (np.clip(images, 0, 1) * 255).round().astype(np.uint8)
    mosaic = levels.transpose(0, 2, 1, 3).reshape(n * side_y, n * side_x)  # rows of tiles, top row first
    buffer = io.BytesIO()
    Image.fromarray(mosaic, mode="L").save(buffer, format="PNG")
    source = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    # Tile centres at the grid's codes: each tile spans one grid step around its centre.
    step_x = (x_high - x_low) / (n - 1) if n > 1 else x_high - x_low
    step_y = (y_high - y_low) / (n - 1) if n > 1 else y_high - y_low
    centres_x = np.linspace(x_low, x_high, n) if n > 1 else np.array([(x_low + x_high) / 2])
    centres_y = np.linspace(y_low, y_high, n) if n > 1 else np.array([(y_low + y_high) / 2])
    left, top = centres_x[0] - step_x / 2, centres_y[-1] + step_y / 2
    width, span = n * step_x, n * step_y
    figure = go.Figure(go.Heatmap(
        x=centres_x, y=centres_y, z=np.zeros((n, n)), opacity=0, showscale=False,
        hovertemplate=f"{hover_label} = (%{{x:.2f}}, %{{y:.2f}})<extra></extra>"))
    figure.add_layout_image(source=source, xref="x", yref="y", x=left, y=top, sizex=width, sizey=span,
                            sizing="stretch", layer="below")
    if markers:
        figure.add_trace(go.Scatter(
            x=[float(m[0]) for m in markers], y=[float(m[1]) for m in markers], text=[str(m[2]) for m in markers],
            mode="markers+text", textposition="top right", textfont=dict(color="#FFD23F", size=14),
            marker=dict(size=16, color="rgba(0,0,0,0)", line=dict(color="#FFD23F", width=2.5)),
            hovertemplate=f"%{{text}}: {hover_label} = (%{{x:.2f}}, %{{y:.2f}})<extra></extra>", showlegend=False))
    # Square tiles: the axes keep their ratio and shrink towards the top left, not the middle.
    figure.update_xaxes(range=[left, left + width], title_text=axis_titles[0], showgrid=False, zeroline=False,
                        constrain="domain", constraintoward="left")
    figure.update_yaxes(range=[top - span, top], title_text=axis_titles[1], showgrid=False, zeroline=False,
                        scaleanchor="x", scaleratio=step_x / step_y * side_y / side_x, constrain="domain",
                        constraintoward="top")
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), uirevision="latent-map",
                         plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    return figure
