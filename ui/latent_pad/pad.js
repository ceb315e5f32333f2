// The latent pad: a canvas scatter of 2-D codes with draggable probes whose images are decoded in
// the page on every animation frame (or on the server on release, for decoders too big to ship).
//
// Streamlit calls the default export again whenever the data changes, with the same parentElement:
// one Pad per parentElement keeps the DOM, the decoded arrays and the drag state across reruns.
// Only the cleanup returned last is called, on unmount. Nothing reaches Python during a drag:
// setStateValue("probes", ...) runs on release (and on add/remove), so a drag never reruns the script.

const pads = new WeakMap();          // parentElement -> Pad
const inflated = new Map();          // packed array id -> Promise<TypedArray>
const MAX_INFLATED = 64;             // packed arrays kept (server-decoded images change every release)
const MAX_SAMPLES = 4096;            // timing samples kept per instance
const HOVER_RADIUS_PX = 8;
const CELL_PX = 16;                  // hover index: screen-space buckets of this size
const MARGIN = { left: 46, right: 10, top: 10, bottom: 34 };

let halfTable = null;                // float16 bits -> float32 value, built on first use

function halfToFloatTable() {
  if (halfTable) return halfTable;
  halfTable = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) halfTable[h] = sign * mantissa * 2 ** -24;
    else if (exponent === 31) halfTable[h] = mantissa ? NaN : sign * Infinity;
    else halfTable[h] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return halfTable;
}

function typedArray(dtype, buffer) {
  switch (dtype) {
    case "float32": return new Float32Array(buffer);
    case "int8": return new Int8Array(buffer);
    case "uint8": return new Uint8Array(buffer);
    case "uint16": return new Uint16Array(buffer);
    case "float16": {
      const bits = new Uint16Array(buffer);
      const table = halfToFloatTable();
      const values = new Float32Array(bits.length);
      for (let i = 0; i < bits.length; i++) values[i] = table[bits[i]];
      return values;
    }
    default: throw new Error(`latent pad: unknown dtype ${dtype}`);
  }
}

// The binary message of ui.latent_pad.encode_message: "LPAD", header length (uint32 LE), header
// JSON, then the packed arrays' bytes; each array in the header gets its bytes as `raw`.
function readMessage(message) {
  const bytes = message instanceof ArrayBuffer ? new Uint8Array(message) : message;
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== "LPAD") throw new Error("latent pad: data is not a pad message");
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const body = bytes.subarray(8 + headerLength);
  const attach = (node) => {
    if (Array.isArray(node)) node.forEach(attach);
    else if (node && typeof node === "object") {
      if (typeof node.dtype === "string" && typeof node.offset === "number") {
        node.raw = body.subarray(node.offset, node.offset + node.length);
      } else Object.values(node).forEach(attach);
    }
  };
  attach(header);
  return header;
}

// A packed array (see ae_core.browser_decoder.pack_array) from a message: `raw` holds the zlib of
// its little-endian bytes.
function unpack(packed) {
  if (!packed) return Promise.resolve(null);
  let pending = inflated.get(packed.id);
  if (!pending) {
    pending = (async () => {
      const stream = new Blob([packed.raw]).stream()
        .pipeThrough(new DecompressionStream("deflate"));
      return typedArray(packed.dtype, await new Response(stream).arrayBuffer());
    })();
    inflated.set(packed.id, pending);
    if (inflated.size > MAX_INFLATED) inflated.delete(inflated.keys().next().value);
  }
  return pending;
}

// Hover images linked rather than sent (ui.latent_pad.link_images): fetched once per tab, since
// this module outlives page switches; a failed fetch is tried again by the next pad that needs it.
const fetchedImages = new Map();     // url -> Promise<Uint8Array | null>

function fetchImages(link) {
  let pending = fetchedImages.get(link.url);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(link.url);
      if (!response.ok) throw new Error(`${link.url}: HTTP ${response.status}`);
      const stream = response.body.pipeThrough(new DecompressionStream("deflate"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    })().catch((error) => {
      console.error("latent pad: hover images not loaded:", error);
      fetchedImages.delete(link.url);
      return null;
    });
    fetchedImages.set(link.url, pending);
  }
  return pending;
}

// The decoder: Linear layers, ReLU between, sigmoid last, weights expanded once to float32.
// Sums run in float64 (JavaScript numbers); each layer's output is stored as float32.
// ae_core.browser_decoder.reference_decode repeats exactly this.
async function buildDecoder(payload) {
  const layers = [];
  for (let index = 0; index < payload.layers.length; index++) {
    const layer = payload.layers[index];
    const [stored, bias, scale] = await Promise.all(
      [unpack(layer.weight), unpack(layer.bias), unpack(layer.scale)]);
    let weight = stored;
    if (scale) {
      weight = new Float32Array(stored.length);
      for (let o = 0; o < layer.out; o++) {
        const s = scale[o];
        for (let i = 0, k = o * layer.in; i < layer.in; i++, k++) weight[k] = stored[k] * s;
      }
    }
    layers.push({ nIn: layer.in, nOut: layer.out, weight, bias,
                  relu: payload.activations[index] === "relu", output: new Float32Array(layer.out) });
  }
  const code = new Float64Array(payload.input_dim);
  return {
    // z: [x, y] -> Float32Array of pixels in [0, 1] (a buffer reused by the next call).
    decode(z) {
      for (let i = 0; i < code.length; i++) code[i] = z[i];
      let input = code;
      for (const { nIn, nOut, weight, bias, relu, output } of layers) {
        for (let o = 0, k = 0; o < nOut; o++) {
          let sum = bias[o];
          for (let i = 0; i < nIn; i++, k++) sum += weight[k] * input[i];
          output[o] = relu ? (sum > 0 ? sum : 0) : 1 / (1 + Math.exp(-sum));
        }
        input = output;
      }
      return input;
    },
  };
}

function niceTicks(lo, hi, maxTicks) {
  const span = hi - lo;
  if (!(span > 0) || maxTicks < 1) return [];
  const rough = span / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return ticks.map((v) => ({ value: v, text: v.toFixed(decimals) }));
}

// Gray pixels onto a 28x28 canvas: floats in [0, 1] (decoded) or uint8 levels (shipped images).
function putGray(canvas, pixels, isFloat) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(canvas.width, canvas.height);
  const rgba = image.data;
  for (let i = 0, j = 0; i < pixels.length; i++, j += 4) {
    const level = isFloat ? Math.round(pixels[i] * 255) : pixels[i];
    rgba[j] = rgba[j + 1] = rgba[j + 2] = level;
    rgba[j + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

function samePositions(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => Math.abs(p[0] - b[i][0]) < 1e-9 && Math.abs(p[1] - b[i][1]) < 1e-9);
}

function element(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

class Pad {
  constructor(parentElement) {
    this.root = element("div", "lp-root", { "data-testid": "latent-pad" });
    this.toolbar = element("div", "lp-toolbar");
    this.legend = element("div", "lp-legend");
    this.buttons = element("div", "lp-buttons");
    this.addButton = element("button", "lp-button", { type: "button", "data-testid": "latent-pad-add" });
    this.removeButton = element("button", "lp-button", { type: "button", "data-testid": "latent-pad-remove" });
    this.buttons.append(this.addButton, this.removeButton);
    this.toolbar.append(this.legend, this.buttons);
    this.body = element("div", "lp-body");
    this.plot = element("div", "lp-plot", { "data-testid": "latent-pad-plot" });
    this.baseCanvas = element("canvas", "lp-layer");
    this.overlayCanvas = element("canvas", "lp-layer");
    this.tooltip = element("div", "lp-tooltip", { "data-testid": "latent-pad-hover" });
    this.tooltipCanvas = element("canvas", "lp-tooltip-image", { width: 28, height: 28 });
    this.tooltipText = element("div", "lp-tooltip-text");
    this.tooltip.append(this.tooltipCanvas, this.tooltipText);
    this.plot.append(this.baseCanvas, this.overlayCanvas, this.tooltip);
    this.panel = element("div", "lp-panel");
    this.body.append(this.plot, this.panel);
    this.hint = element("div", "lp-hint");
    this.root.append(this.toolbar, this.body, this.hint);
    parentElement.append(this.root);

    this.cards = [];             // one {card, canvas, caption} per probe
    this.probes = [];            // [[x, y], ...] in latent units
    this.active = 0;             // index of the probe being (or last) dragged
    this.dragging = false;
    this.pendingSent = null;     // positions sent to Python and not yet echoed back in data
    this.dirty = new Set();      // probes whose image must be redrawn on the next frame
    this.frameRequest = 0;
    this.hovered = -1;
    this.generation = 0;
    this.baseSignature = "";
    this.size = { width: 0, height: 0 };
    this.model = null;

    this.plot.addEventListener("pointerdown", (event) => this.onPointerDown(event));
    this.plot.addEventListener("pointermove", (event) => this.onPointerMove(event));
    this.plot.addEventListener("pointerup", (event) => this.onPointerUp(event));
    this.plot.addEventListener("pointercancel", (event) => this.onPointerUp(event));
    this.plot.addEventListener("pointerleave", () => { if (!this.dragging) this.setHover(-1); });
    this.addButton.addEventListener("click", () => this.addProbe());
    this.removeButton.addEventListener("click", () => this.removeProbe());
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.plot);
  }

  // ---- data from Python ------------------------------------------------------------------
  async update(data, setStateValue) {
    this.setStateValue = setStateValue;
    const generation = ++this.generation;
    this.stats = this.statsFor(data.instance);
    this.stats.ready = false;
    const decoded = data.decoded;
    const [xy, labels, hover, serverImages] = await Promise.all([
      unpack(data.points), unpack(data.labels), unpack(data.hover_images),
      unpack(decoded && decoded.images)]);
    let decoder = this.model && this.model.decoder;
    const decoderId = data.decoder ? data.decoder.layers.map((l) => l.weight.id).join(":") : "";
    if (!this.model || this.model.decoderId !== decoderId) {
      decoder = data.decoder ? await buildDecoder(data.decoder) : null;
    }
    if (generation !== this.generation) return;  // newer data arrived while inflating

    const [xLo, xHi, yLo, yHi] = data.bounds;
    const count = labels.length;
    const points = new Float64Array(2 * count);
    for (let i = 0; i < count; i++) {
      points[2 * i] = xLo + (xy[2 * i] / 65535) * (xHi - xLo);
      points[2 * i + 1] = yLo + (xy[2 * i + 1] / 65535) * (yHi - yLo);
    }
    this.model = {
      points, labels, hover, decoder, decoderId, count,
      pointsId: `${data.points.id}:${data.labels.id}`, theme: this.readTheme(),
      hoverCount: hover ? hover.length / 784 : 0,
      classNames: data.class_names, colours: data.colours,
      xRange: data.x_range, yRange: data.y_range,
      withProbes: Array.isArray(data.probes), maxProbes: data.max_probes,
      serverDecoded: decoded ? { positions: decoded.positions, images: serverImages } : null,
      ellipses: data.ellipses || [], markers: data.markers || [], strings: data.strings,
    };
    const link = data.hover_link;
    this.stats.hoverReady = !link;
    if (link) {
      // The points draw now; hover images join when the file has arrived (at once after the first).
      const model = this.model;
      fetchImages(link).then((images) => {
        if (!images || this.model !== model) return;
        model.hover = images;
        model.hoverCount = Math.min(link.count, images.length / 784);
        this.stats.hoverReady = true;
      });
    }
    this.plot.style.height = `${data.height}px`;
    this.adoptProbes(data.probes || []);
    this.renderChrome();
    this.resize(true);
    this.probes.forEach((_, i) => this.dirty.add(i));
    this.requestFrame();
    this.stats.ready = true;
  }

  statsFor(instance) {
    const registry = (window.__latentPad = window.__latentPad || {});
    if (!registry[instance]) {
      registry[instance] = { decodeMs: [], frameTimes: [], moves: 0, baseDrawMs: [], last: null,
                             probes: [], ready: false };
    }
    const stats = registry[instance];
    // For tests and benchmarks: decode any code with the shipped weights, no drawing.
    stats.decode = (x, y) => (this.model && this.model.decoder
      ? Array.from(this.model.decoder.decode([x, y])) : null);
    // Where a code is on the page (client pixels), to press or hover at a known code.
    stats.toClient = (x, y) => {
      const box = this.plot.getBoundingClientRect();
      const [sx, sy] = this.toScreen(x, y);
      return [box.left + sx, box.top + sy];
    };
    return stats;
  }

  // Python's positions win unless a drag is on, or ours were sent and not yet echoed back.
  adoptProbes(fromPython) {
    if (this.dragging) return;
    if (this.pendingSent && !samePositions(fromPython, this.pendingSent)) return;
    this.pendingSent = null;
    this.probes = fromPython.map((p) => [p[0], p[1]]);
    this.active = Math.min(this.active, Math.max(0, this.probes.length - 1));
  }

  sendProbes() {
    this.pendingSent = this.probes.map((p) => [p[0], p[1]]);
    this.stats.probes = this.pendingSent;
    this.setStateValue("probes", this.pendingSent);
  }

  // ---- DOM around the plot ------------------------------------------------------------------
  renderChrome() {
    const { classNames, colours, strings, withProbes, maxProbes } = this.model;
    const legendKey = JSON.stringify([classNames, colours]);
    if (this.legend.dataset.key !== legendKey) {
      this.legend.dataset.key = legendKey;
      this.legend.replaceChildren(...classNames.map((name, i) => {
        const item = element("span", "lp-legend-item");
        const swatch = element("span", "lp-swatch");
        swatch.style.background = colours[i % colours.length];
        item.append(swatch, document.createTextNode(name));
        return item;
      }));
    }
    this.buttons.hidden = !withProbes;
    this.panel.hidden = !withProbes;
    this.addButton.textContent = strings.add_probe;
    this.removeButton.textContent = strings.remove_probe;
    this.addButton.disabled = this.probes.length >= maxProbes;
    this.removeButton.disabled = this.probes.length <= 1;
    this.hint.textContent = withProbes ? strings.hint : strings.hint_scatter;
    this.syncCards();
  }

  syncCards() {
    const wanted = this.model.withProbes ? this.probes.length : 0;
    while (this.cards.length < wanted) {
      const card = element("figure", "lp-card");
      const canvas = element("canvas", "lp-decoded", { width: 28, height: 28, "data-testid": "latent-pad-decoded" });
      const caption = element("figcaption", "lp-caption");
      card.append(canvas, caption);
      this.panel.append(card);
      this.cards.push({ card, canvas, caption });
    }
    while (this.cards.length > wanted) this.cards.pop().card.remove();
    this.cards.forEach(({ card }, i) => card.classList.toggle("lp-active", i === this.active));
  }

  // ---- geometry -----------------------------------------------------------------------------
  resize(force = false) {
    const width = Math.max(120, this.plot.clientWidth);
    const height = Math.max(120, this.plot.clientHeight);
    if (!this.model || (!force && width === this.size.width && height === this.size.height)) return;
    const ratio = window.devicePixelRatio || 1;
    if (width !== this.size.width || height !== this.size.height || ratio !== this.size.ratio) {
      for (const canvas of [this.baseCanvas, this.overlayCanvas]) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
      }
      this.size = { width, height, ratio };
      this.baseSignature = "";
    }
    this.drawBase();
    this.drawOverlay();
  }

  toScreen(x, y) {
    const { xRange, yRange } = this.model;
    const innerWidth = this.size.width - MARGIN.left - MARGIN.right;
    const innerHeight = this.size.height - MARGIN.top - MARGIN.bottom;
    return [MARGIN.left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * innerWidth,
            MARGIN.top + ((yRange[1] - y) / (yRange[1] - yRange[0])) * innerHeight];
  }

  // Pointer position -> latent code, clamped to the visible range.
  toLatent(event) {
    const { xRange, yRange } = this.model;
    const box = this.plot.getBoundingClientRect();
    const innerWidth = this.size.width - MARGIN.left - MARGIN.right;
    const innerHeight = this.size.height - MARGIN.top - MARGIN.bottom;
    const fx = Math.min(1, Math.max(0, (event.clientX - box.left - MARGIN.left) / innerWidth));
    const fy = Math.min(1, Math.max(0, (event.clientY - box.top - MARGIN.top) / innerHeight));
    return [xRange[0] + fx * (xRange[1] - xRange[0]), yRange[1] - fy * (yRange[1] - yRange[0])];
  }

  // Streamlit's theme as CSS variables; it re-runs the component when the theme changes.
  readTheme() {
    const style = getComputedStyle(this.root);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read("--st-text-color", "#31333f"),
      background: read("--st-background-color", "#ffffff"),
      grid: read("--st-border-color", "rgba(128, 128, 128, 0.25)"),
      font: read("--st-font", "sans-serif"),
    };
  }

  // ---- drawing --------------------------------------------------------------------------------
  // Axes, points, ellipses and markers: redrawn only when they or the size change.
  drawBase() {
    const m = this.model;
    const signature = JSON.stringify([this.size, m.pointsId, m.xRange, m.yRange, m.colours, m.ellipses,
                                      m.markers, m.strings.x_label, m.strings.y_label, m.theme]);
    if (signature === this.baseSignature) return;
    this.baseSignature = signature;
    const started = performance.now();
    const context = this.baseCanvas.getContext("2d");
    const { width, height, ratio } = this.size;
    const theme = this.model.theme;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const left = MARGIN.left, top = MARGIN.top;
    const right = width - MARGIN.right, bottom = height - MARGIN.bottom;

    context.font = `11px ${theme.font}`;
    context.strokeStyle = theme.grid;
    context.fillStyle = theme.text;
    context.lineWidth = 1;
    context.textAlign = "center";
    context.textBaseline = "top";
    for (const tick of niceTicks(m.xRange[0], m.xRange[1], Math.floor((right - left) / 70))) {
      const [sx] = this.toScreen(tick.value, 0);
      context.globalAlpha = 0.35;
      context.beginPath(); context.moveTo(sx, top); context.lineTo(sx, bottom); context.stroke();
      context.globalAlpha = 1;
      context.beginPath(); context.moveTo(sx, bottom); context.lineTo(sx, bottom + 4); context.stroke();
      context.fillText(tick.text, sx, bottom + 6);
    }
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (const tick of niceTicks(m.yRange[0], m.yRange[1], Math.floor((bottom - top) / 45))) {
      const [, sy] = this.toScreen(0, tick.value);
      context.globalAlpha = 0.35;
      context.beginPath(); context.moveTo(left, sy); context.lineTo(right, sy); context.stroke();
      context.globalAlpha = 1;
      context.beginPath(); context.moveTo(left - 4, sy); context.lineTo(left, sy); context.stroke();
      context.fillText(tick.text, left - 6, sy);
    }
    context.strokeStyle = theme.text;
    context.globalAlpha = 0.6;
    context.strokeRect(left, top, right - left, bottom - top);
    context.globalAlpha = 1;
    context.textAlign = "center";
    context.textBaseline = "bottom";
    context.fillText(m.strings.x_label, (left + right) / 2, height - 1);
    context.save();
    context.translate(11, (top + bottom) / 2);
    context.rotate(-Math.PI / 2);
    context.textBaseline = "middle";
    context.fillText(m.strings.y_label, 0, 0);
    context.restore();

    // Points in their given order (no class drawn on top of all others), with a screen-space
    // bucket index for hover built on the way.
    context.save();
    context.beginPath();
    context.rect(left, top, right - left, bottom - top);
    context.clip();
    const radius = m.count > 3000 ? 1.6 : 2.6;
    const side = 2 * radius;
    context.globalAlpha = 0.75;
    this.buckets = new Map();
    let lastColour = -1;
    for (let i = 0; i < m.count; i++) {
      const [sx, sy] = this.toScreen(m.points[2 * i], m.points[2 * i + 1]);
      if (sx < left - side || sx > right + side || sy < top - side || sy > bottom + side) continue;
      const colour = m.labels[i] % m.colours.length;
      if (colour !== lastColour) { context.fillStyle = m.colours[colour]; lastColour = colour; }
      context.fillRect(sx - radius, sy - radius, side, side);
      const bucket = Math.floor(sx / CELL_PX) * 65536 + Math.floor(sy / CELL_PX);
      const members = this.buckets.get(bucket);
      if (members) members.push(i); else this.buckets.set(bucket, [i]);
    }
    context.globalAlpha = 1;
    this.drawEllipses(context, theme);
    this.drawMarkers(context, theme);
    context.restore();
    this.stats.baseDrawMs.push(performance.now() - started);
  }

  ellipsePath(context, x, y, sx, sy) {
    const [cx, cy] = this.toScreen(x, y);
    const [ex] = this.toScreen(x + sx, y);
    const [, ey] = this.toScreen(x, y + sy);
    context.beginPath();
    context.ellipse(cx, cy, Math.max(1, Math.abs(ex - cx)), Math.max(1, Math.abs(cy - ey)), 0, 0, 2 * Math.PI);
    return [cx, cy];
  }

  drawEllipses(context, theme) {
    context.lineWidth = 1.5;
    for (const [x, y, sx, sy] of this.model.ellipses) {
      const [cx, cy] = this.ellipsePath(context, x, y, sx, sy);
      context.fillStyle = theme.text;
      context.globalAlpha = 0.08;
      context.fill();
      context.globalAlpha = 0.9;
      context.strokeStyle = theme.text;
      context.stroke();
      context.globalAlpha = 1;
      context.beginPath();
      context.arc(cx, cy, 2.5, 0, 2 * Math.PI);
      context.fill();
    }
  }

  drawMarkers(context, theme) {
    context.font = `bold 12px ${theme.font}`;
    context.textAlign = "left";
    context.textBaseline = "middle";
    for (const marker of this.model.markers) {
      if (marker.sx > 0 && marker.sy > 0) {
        this.ellipsePath(context, marker.x, marker.y, marker.sx, marker.sy);
        context.setLineDash([5, 4]);
        context.strokeStyle = theme.text;
        context.lineWidth = 1.5;
        context.stroke();
        context.setLineDash([]);
      }
      const [cx, cy] = this.toScreen(marker.x, marker.y);
      context.beginPath();  // a diamond, distinct from the square points and round probes
      context.moveTo(cx, cy - 7); context.lineTo(cx + 7, cy); context.lineTo(cx, cy + 7); context.lineTo(cx - 7, cy);
      context.closePath();
      context.fillStyle = theme.background;
      context.fill();
      context.strokeStyle = theme.text;
      context.lineWidth = 2;
      context.stroke();
      context.fillStyle = theme.text;
      context.fillText(String(marker.label), cx + 10, cy);
    }
  }

  // Probes and the hover ring: redrawn on every frame of a drag (cheap).
  drawOverlay() {
    if (!this.model || !this.size.width) return;
    const context = this.overlayCanvas.getContext("2d");
    const { width, height, ratio } = this.size;
    const theme = this.model.theme;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    if (this.hovered >= 0) {
      const m = this.model;
      const [sx, sy] = this.toScreen(m.points[2 * this.hovered], m.points[2 * this.hovered + 1]);
      context.beginPath();
      context.arc(sx, sy, 6, 0, 2 * Math.PI);
      context.strokeStyle = theme.text;
      context.lineWidth = 2;
      context.stroke();
    }
    context.font = `bold 11px ${theme.font}`;
    context.textAlign = "center";
    context.textBaseline = "middle";
    this.probes.forEach(([x, y], i) => {
      const [sx, sy] = this.toScreen(x, y);
      context.beginPath();
      context.arc(sx, sy, 10, 0, 2 * Math.PI);
      context.fillStyle = i === this.active ? theme.text : theme.background;
      context.fill();
      context.lineWidth = 2;
      context.strokeStyle = theme.text;
      context.stroke();
      context.fillStyle = i === this.active ? theme.background : theme.text;
      context.fillText(String(i + 1), sx, sy + 0.5);
    });
  }

  requestFrame() {
    if (!this.frameRequest) this.frameRequest = requestAnimationFrame(() => this.frame());
  }

  // One animation frame: decode and paint every probe that moved, then the overlay.
  frame() {
    this.frameRequest = 0;
    if (!this.model) return;
    for (const index of this.dirty) this.paintProbe(index);
    this.dirty.clear();
    this.drawOverlay();
  }

  paintProbe(index) {
    const card = this.cards[index];
    const probe = this.probes[index];
    if (!card || !probe) return;
    const m = this.model;
    card.caption.textContent = `${m.strings.probe} ${index + 1} (${probe[0].toFixed(2)}, ${probe[1].toFixed(2)})`;
    if (m.decoder) {
      const started = performance.now();
      const pixels = m.decoder.decode(probe);
      putGray(card.canvas, pixels, true);
      const elapsed = performance.now() - started;
      this.record(this.stats.decodeMs, elapsed);
      this.record(this.stats.frameTimes, started);
      this.stats.last = { index, z: [probe[0], probe[1]], pixels: Float32Array.from(pixels) };
      card.card.classList.remove("lp-stale");
      return;
    }
    const server = m.serverDecoded;
    const at = server && server.positions[index];
    const fresh = at && Math.abs(at[0] - probe[0]) < 1e-9 && Math.abs(at[1] - probe[1]) < 1e-9;
    if (fresh) putGray(card.canvas, server.images.subarray(index * 784, (index + 1) * 784), false);
    // A server image shows where the probe was at the last release until the next one arrives.
    card.card.classList.toggle("lp-stale", !fresh);
    card.card.title = fresh ? "" : m.strings.decode_on_release;
  }

  record(samples, value) {
    samples.push(value);
    if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
  }

  // ---- interaction -----------------------------------------------------------------------------
  nearestProbe(event) {
    const box = this.plot.getBoundingClientRect();
    const px = event.clientX - box.left, py = event.clientY - box.top;
    let best = 0, bestDistance = Infinity;
    this.probes.forEach(([x, y], i) => {
      const [sx, sy] = this.toScreen(x, y);
      const distance = (sx - px) ** 2 + (sy - py) ** 2;
      if (distance < bestDistance) { best = i; bestDistance = distance; }
    });
    return best;
  }

  onPointerDown(event) {
    if (!this.model || !this.model.withProbes || event.button !== 0) return;
    event.preventDefault();
    const position = this.toLatent(event);
    if (this.probes.length === 0 || (event.shiftKey && this.probes.length < this.model.maxProbes)) {
      this.probes.push(position);
      this.active = this.probes.length - 1;
      this.renderChrome();
    } else {
      this.active = this.nearestProbe(event);
      this.probes[this.active] = position;
      this.syncCards();
    }
    this.dragging = true;
    this.plot.setPointerCapture(event.pointerId);
    this.setHover(-1);
    this.dirty.add(this.active);
    this.requestFrame();
  }

  onPointerMove(event) {
    if (!this.model) return;
    if (!this.dragging) { this.hover(event); return; }
    this.stats.moves += 1;
    this.probes[this.active] = this.toLatent(event);
    this.dirty.add(this.active);
    this.requestFrame();
  }

  onPointerUp(event) {
    if (!this.dragging) return;
    this.dragging = false;
    if (this.plot.hasPointerCapture(event.pointerId)) this.plot.releasePointerCapture(event.pointerId);
    this.sendProbes();
  }

  addProbe() {
    const m = this.model;
    if (!m || this.probes.length >= m.maxProbes) return;
    // Place it at the centre, nudged off any probe already there.
    const step = (m.xRange[1] - m.xRange[0]) / 12;
    const position = [(m.xRange[0] + m.xRange[1]) / 2, (m.yRange[0] + m.yRange[1]) / 2];
    while (this.probes.some((p) => Math.hypot(p[0] - position[0], p[1] - position[1]) < step / 2)
           && position[0] + step <= m.xRange[1]) position[0] += step;
    this.probes.push(position);
    this.active = this.probes.length - 1;
    this.renderChrome();
    this.dirty.add(this.active);
    this.requestFrame();
    this.sendProbes();
  }

  removeProbe() {
    if (this.probes.length <= 1) return;
    this.probes.splice(this.active, 1);
    this.active = Math.min(this.active, this.probes.length - 1);
    this.renderChrome();
    this.probes.forEach((_, i) => this.dirty.add(i));
    this.requestFrame();
    this.sendProbes();
  }

  hover(event) {
    const box = this.plot.getBoundingClientRect();
    const px = event.clientX - box.left, py = event.clientY - box.top;
    const m = this.model;
    let best = -1, bestDistance = HOVER_RADIUS_PX ** 2;
    const cx = Math.floor(px / CELL_PX), cy = Math.floor(py / CELL_PX);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of (this.buckets && this.buckets.get((cx + dx) * 65536 + cy + dy)) || []) {
          const [sx, sy] = this.toScreen(m.points[2 * i], m.points[2 * i + 1]);
          const distance = (sx - px) ** 2 + (sy - py) ** 2;
          if (distance < bestDistance) { best = i; bestDistance = distance; }
        }
      }
    }
    this.setHover(best, px, py);
  }

  setHover(index, px = 0, py = 0) {
    if (index === this.hovered && index < 0) return;
    const changed = index !== this.hovered;
    this.hovered = index;
    if (index < 0) {
      this.tooltip.classList.remove("lp-visible");
    } else {
      const m = this.model;
      if (changed) {
        const hasImage = index < m.hoverCount;
        this.tooltipCanvas.hidden = !hasImage;
        if (hasImage) putGray(this.tooltipCanvas, m.hover.subarray(index * 784, (index + 1) * 784), false);
        this.tooltipText.textContent = `${m.classNames[m.labels[index]] ?? m.labels[index]} · #${index}`;
      }
      // Beside the pointer, flipped to stay inside the plot.
      const width = this.tooltip.offsetWidth || 100, height = this.tooltip.offsetHeight || 100;
      const left = px + 14 + width > this.size.width ? px - 14 - width : px + 14;
      const top = Math.min(Math.max(0, py - height / 2), this.size.height - height);
      this.tooltip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
      this.tooltip.classList.add("lp-visible");
    }
    if (changed) { this.drawOverlay(); }
  }

  destroy() {
    this.resizeObserver.disconnect();
    if (this.frameRequest) cancelAnimationFrame(this.frameRequest);
  }
}

export default function latentPad(component) {
  const { data, parentElement, setStateValue } = component;
  // No data: the sidebar's preload (latent_pad.preload), which only gets this code loaded.
  if (!data || !data.byteLength) return undefined;
  let pad = pads.get(parentElement);
  if (!pad) {
    pad = new Pad(parentElement);
    pads.set(parentElement, pad);
  }
  Promise.resolve().then(() => pad.update(readMessage(data), setStateValue)).catch((error) => {
    pad.root.dataset.error = String(error);
    console.error("latent pad:", error);
  });
  // Streamlit may also call an older run's cleanup while newer data is in flight: tear down only
  // once the element has really left the page.
  return () => setTimeout(() => {
    if (!parentElement.isConnected) {
      pad.destroy();
      pads.delete(parentElement);
    }
  }, 0);
}
