// The dashboard: reads the gateway's REST face (docs/rest.md) with the caller's API key or client certificate and draws
// plain SVG. No library and no network but this gateway's: the deployment network may be closed. Everything that comes
// from the gateway is written as text (textContent), never as markup: names come from the agencies' files.

const KEY = "exchange.apiKey";
const CERTIFICATE = "exchange.certificate";
const SVG = "http://www.w3.org/2000/svg";

// Order of the stacked bars: protected first, then what needs action.
const OUTCOMES = [
  { name: "MATCH_OUTCOME_ACTIVE", label: "Aktif", english: "Active", css: "active" },
  { name: "MATCH_OUTCOME_GRACE", label: "Masa tenggang", english: "Grace period", css: "grace" },
  { name: "MATCH_OUTCOME_LAPSED", label: "Tidak aktif", english: "Lapsed", css: "lapsed" },
  { name: "MATCH_OUTCOME_NOT_REGISTERED", label: "Belum terdaftar", english: "Not registered", css: "not-registered" },
  { name: "MATCH_OUTCOME_POSSIBLE_MATCH", label: "Kemungkinan cocok", english: "Possible match", css: "possible" },
  { name: "MATCH_OUTCOME_DECEASED", label: "Meninggal", english: "Deceased", css: "deceased" },
];

const KECAMATAN = [
  ["32.71.01", "Bogor Selatan"], ["32.71.02", "Bogor Timur"], ["32.71.03", "Bogor Tengah"],
  ["32.71.04", "Bogor Barat"], ["32.71.05", "Bogor Utara"], ["32.71.06", "Tanah Sareal"],
];

// Index = the enum's number, as the occupation report's row key gives it ("02").
const OCCUPATIONS = [
  null, ["PEDAGANG_PASAR", "Pedagang Pasar"], ["PEDAGANG_KAKI_LIMA", "Pedagang Kaki Lima"], ["PETANI", "Petani"],
  ["BURUH_TANI", "Buruh Tani"], ["NELAYAN", "Nelayan"], ["PETERNAK", "Peternak"], ["OJEK_PANGKALAN", "Ojek Pangkalan"],
  ["OJEK_ONLINE", "Ojek Online"], ["SOPIR_ANGKOT", "Sopir Angkot"], ["KULI_PANGGUL", "Kuli Panggul"],
  ["PEKERJA_BANGUNAN", "Pekerja Bangunan"], ["BURUH_HARIAN_LEPAS", "Buruh Harian Lepas"], ["JURU_PARKIR", "Juru Parkir"],
  ["PEKERJA_PARIWISATA", "Pekerja Pariwisata"], ["PEKERJA_RUMAH_TANGGA", "Pekerja Rumah Tangga"], ["SENIMAN", "Seniman"],
  ["WIRAUSAHA", "Wirausaha"], ["MARBOT", "Marbot"], ["GURU_NGAJI", "Guru Ngaji"], ["USTADZ", "Ustadz"],
  ["PENGURUS_JENAZAH", "Pengurus Jenazah"], ["KADER", "Kader"], ["KETUA_RT_RW", "Ketua RT/RW"],
  ["TENAGA_NON_ASN", "Tenaga Non ASN"], ["OTHER", "Lainnya"],
];

const FUNDING = [["SELF", "Mandiri"], ["APBD", "APBD"], ["APBN", "APBN"], ["SPONSOR", "Sponsor"]];

const STATUS_TEXT = {
  0: "Gateway tidak dapat dihubungi",
  400: "Permintaan tidak valid",
  401: "Tidak dikenali",
  403: "Tidak diizinkan",
  404: "Tidak ditemukan",
  429: "Terlalu banyak permintaan",
  503: "Gateway sedang tidak tersedia",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

const numbers = new Intl.NumberFormat("id-ID");
const percents = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A refusal of the gateway, from its google.rpc.Status body (docs/rest.md, Errors). */
class Refusal extends Error {
  constructor(status, reason, message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  get readable() {
    const what = STATUS_TEXT[this.status] ?? "Kesalahan";
    const code = [this.status ? `HTTP ${this.status}` : "", this.reason].filter(Boolean).join(", ");
    return `${what}: ${this.message}${code ? ` (${code})` : ""}`;
  }
}

const $ = (selector) => document.querySelector(selector);

function element(name, attributes = {}, text = undefined) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(name, attributes = {}, text = undefined) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const decimals = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const percent = (ratio) => `${percents.format(ratio * 100)} %`;
const rupiah = (value) => `Rp ${numbers.format(count(value))}`;
// m and u run from 0.9 down to a millionth: three significant digits, however small.
const probability = (p) => (p >= 0.001 ? numbers.format(Number(p.toPrecision(3))) : p.toExponential(2));
const count = (value) => Number(value ?? 0);
const countOf = (row, outcome) => count((row.outcomeCounts ?? []).find((c) => c.outcome === outcome)?.count);

// --- Calls -------------------------------------------------------------------------------------------------------

async function call(method, path, body = undefined) {
  // Indonesian messages whatever the browser's language: the page is in Indonesian.
  const headers = { accept: "application/json", "accept-language": "id" };
  const key = sessionStorage.getItem(KEY);
  if (key) headers["x-api-key"] = key;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  } catch (error) {
    throw new Refusal(0, "", String(error.message ?? error));
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: a proxy's page, say. The status still says what happened.
  }
  if (!response.ok) {
    const reason = json?.details?.find((d) => d.reason)?.reason ?? "";
    throw new Refusal(response.status, reason, json?.message || response.statusText || "tanpa keterangan");
  }
  return json;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, values] of Object.entries(params)) {
    for (const value of [].concat(values)) if (value !== undefined && value !== "") search.append(name, value);
  }
  return search.toString();
}

const coverageReport = (grouping, filters, asOf = "") =>
  call("GET", `/v1/coverage-report?${query({ grouping, ...filters, asOf })}`);

// --- Sign in -----------------------------------------------------------------------------------------------------

function showMessage(text) {
  const message = $("#message");
  message.textContent = text;
  message.hidden = !text;
}

function signedIn() {
  return sessionStorage.getItem(KEY) !== null || sessionStorage.getItem(CERTIFICATE) !== null;
}

function showSignedIn(yes) {
  $("#sign-in").hidden = yes;
  $("#content").hidden = !yes;
  $("#session").hidden = !yes;
  $("#session-who").textContent = sessionStorage.getItem(CERTIFICATE) !== null ? "Masuk dengan sertifikat klien" : "Masuk dengan kunci API";
}

function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(CERTIFICATE);
  showSignedIn(false);
}

/**
 * Runs a page's loader; a refused sign-in goes back to the form with the gateway's reason. The body's data-loaded says
 * when it is done (the page's name, or "error"), for whoever waits on the page: a person sees the charts, a test reads it.
 */
async function run(load) {
  delete document.body.dataset.loaded;
  showMessage("");
  showSignedIn(true);
  try {
    await load();
    document.body.dataset.loaded = document.body.dataset.page;
  } catch (error) {
    if (error instanceof Refusal && error.status === 401) signOut();
    showMessage(error instanceof Refusal ? error.readable : `Kesalahan di halaman: ${error.message}`);
    document.body.dataset.loaded = "error";
  }
}

function setUpSignIn(load) {
  $("#sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.removeItem(CERTIFICATE);
    sessionStorage.setItem(KEY, $("#api-key").value.trim());
    $("#api-key").value = "";
    run(load);
  });
  // Under TLS the browser offers its client certificate when the gateway asks (mutual TLS): no key is sent.
  if (location.protocol === "https:") {
    $("#certificate-sign-in").hidden = false;
    $("#use-certificate").addEventListener("click", () => {
      sessionStorage.removeItem(KEY);
      sessionStorage.setItem(CERTIFICATE, "yes");
      run(load);
    });
  }
  $("#sign-out").addEventListener("click", () => {
    signOut();
    showMessage("");
  });
  if (signedIn()) run(load);
  else showSignedIn(false);
}

// --- Coverage ----------------------------------------------------------------------------------------------------

function occupationLabel(key) {
  return OCCUPATIONS[Number(key)]?.[1] ?? "Tidak diketahui";
}

function fillFilter(fieldset, options) {
  fieldset.replaceChildren();
  for (const [value, label] of options) {
    const box = element("input", { type: "checkbox", name: fieldset.dataset.param, value });
    const wrapper = element("label");
    wrapper.append(box, ` ${label}`);
    fieldset.append(wrapper);
  }
}

function readFilters() {
  const filters = {};
  for (const fieldset of document.querySelectorAll("#filters fieldset")) {
    const chosen = [...fieldset.querySelectorAll("input:checked")].map((box) => box.value);
    fieldset.closest("details").querySelector(".chosen").textContent = chosen.length ? `(${chosen.length})` : "";
    if (chosen.length) filters[fieldset.dataset.param] = chosen;
  }
  return filters;
}

let filtersReady = false;

async function setUpFilters() {
  if (filtersReady) return;
  // Agencies are the callers that submitted: the agency grouping names them.
  const agencies = await coverageReport("COVERAGE_GROUPING_AGENCY", {});
  fillFilter($("#filter-agency"), agencies.rows.map((row) => [row.key, row.name || row.key]));
  fillFilter($("#filter-kecamatan"), KECAMATAN);
  fillFilter($("#filter-occupation"), OCCUPATIONS.slice(1).map(([code, label]) => [`OCCUPATION_${code}`, label]));
  fillFilter($("#filter-funding"), FUNDING.map(([code, label]) => [`FUNDING_SOURCE_${code}`, label]));
  fillFilter($("#filter-decile"), [...Array.from({ length: 10 }, (_, i) => [String(i + 1), `Desil ${i + 1}`]), ["0", "Tidak diisi"]]);
  filtersReady = true;
}

function renderLegend() {
  const legend = $("#legend");
  if (legend.childElementCount) return;
  for (const outcome of OUTCOMES) {
    const item = element("li", { title: outcome.english });
    item.append(element("span", { class: `swatch o-${outcome.css}` }), outcome.label);
    legend.append(item);
  }
}

function renderSummary(report) {
  const total = report.total;
  $("#city-coverage").textContent = percent(total.coverageRatio);
  $("#city-range").textContent = `rentang ${percent(total.coverageLow)} – ${percent(total.coverageHigh)}`;
  $("#city-counts").textContent = [`${numbers.format(count(total.workerCount))} pekerja`,
    ...OUTCOMES.map((o) => `${o.label} ${numbers.format(countOf(total, o.name))}`)].join(" · ");
  $("#coverage-definition").textContent = report.coverageDefinition;
  $("#range-definition").textContent = report.rangeDefinition;
  $("#denominator").textContent = report.denominator;
  $("#as-of").textContent = report.asOf;
  $("#generated-at").textContent = report.generatedAt;
}

/**
 * One row per group: the workers stacked by outcome (to scale across rows), then coverage on a 0-100 % track with its
 * range. Every figure is also an attribute (data-count, data-coverage), and a table below holds the same numbers.
 */
function renderBars(container, rows, labelOf, caption) {
  container.replaceChildren();
  if (!rows.length) {
    container.append(element("p", { class: "empty" }, "Belum ada pekerja yang cocok dengan filter ini."));
    return;
  }
  const labelWidth = 170, barWidth = 390, gap = 46, trackWidth = 150, rowHeight = 28, top = 24;
  const width = labelWidth + barWidth + gap + trackWidth + 60;
  const height = top + rows.length * rowHeight + 8;
  const most = Math.max(1, ...rows.map((row) => count(row.workerCount)));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": caption, class: "bars" });
  const trackX = labelWidth + barWidth + gap;
  chart.append(svg("text", { x: labelWidth, y: 14, class: "axis" }, "Pekerja per hasil pencocokan"),
    svg("text", { x: trackX, y: 14, class: "axis" }, "Cakupan (rentang)"));
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const group = svg("g", { class: "row", "data-key": row.key, "data-workers": count(row.workerCount),
      "data-coverage": row.coverageRatio, "data-coverage-low": row.coverageLow, "data-coverage-high": row.coverageHigh });
    group.append(svg("text", { x: labelWidth - 8, y: y + 16, class: "label", "text-anchor": "end" }, labelOf(row)));
    let x = labelWidth;
    for (const outcome of OUTCOMES) {
      const n = countOf(row, outcome.name);
      const w = (n / most) * barWidth;
      const segment = svg("rect", { x, y: y + 4, width: w, height: rowHeight - 8, class: `o-${outcome.css}`,
        "data-outcome": outcome.name, "data-count": n });
      segment.append(svg("title", {}, `${outcome.label}: ${numbers.format(n)}`));
      group.append(segment);
      x += w;
    }
    group.append(svg("text", { x: x + 4, y: y + 16, class: "total" }, numbers.format(count(row.workerCount))));
    const low = trackX + row.coverageLow * trackWidth, high = trackX + row.coverageHigh * trackWidth;
    group.append(
      svg("rect", { x: trackX, y: y + 11, width: trackWidth, height: 4, class: "track" }),
      svg("rect", { x: low, y: y + 7, width: Math.max(high - low, 1), height: 12, class: "range" }),
      svg("rect", { x: trackX + row.coverageRatio * trackWidth - 1.5, y: y + 4, width: 3, height: 18, class: "marker" }),
      svg("text", { x: trackX + trackWidth + 6, y: y + 16, class: "coverage" }, percent(row.coverageRatio)));
    chart.append(group);
  });
  container.append(chart, table(rows, labelOf, caption));
}

function table(rows, labelOf, caption) {
  const details = element("details");
  details.append(element("summary", {}, "Tabel"));
  const grid = element("table");
  grid.append(element("caption", {}, caption));
  const head = element("tr");
  for (const title of ["", "Pekerja", ...OUTCOMES.map((o) => o.label), "Cakupan", "Rentang"]) head.append(element("th", { scope: "col" }, title));
  grid.append(head);
  for (const row of rows) {
    const line = element("tr");
    line.append(element("th", { scope: "row" }, labelOf(row)), element("td", {}, numbers.format(count(row.workerCount))));
    for (const outcome of OUTCOMES) line.append(element("td", {}, numbers.format(countOf(row, outcome.name))));
    line.append(element("td", {}, percent(row.coverageRatio)),
      element("td", {}, `${percent(row.coverageLow)} – ${percent(row.coverageHigh)}`));
    grid.append(line);
  }
  details.append(grid);
  return details;
}

/** The last day of each of the five months before the report's day, then that day: from the gateway's clock, not the browser's. */
function trendDays(asOf) {
  const [year, month] = asOf.split("-").map(Number);
  const days = [];
  for (let back = 5; back >= 1; back--) {
    const end = new Date(Date.UTC(year, month - back, 0));
    days.push(end.toISOString().slice(0, 10));
  }
  days.push(asOf);
  return days;
}

async function renderTrend(container, filters, asOf) {
  container.replaceChildren();
  const days = trendDays(asOf);
  const points = await Promise.all(days.map((day) => coverageReport("COVERAGE_GROUPING_CITY", filters, day)
    .then((report) => ({ day, total: report.total }), (error) => {
      if (!(error instanceof Refusal)) throw error;
      return { day, error };
    })));
  const width = 720, height = 220, left = 40, bottom = 40, top = 16, step = (width - left - 20) / points.length;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Tren cakupan kota", class: "trend" });
  const scale = (ratio) => top + (1 - ratio) * (height - top - bottom);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg("line", { x1: left, x2: width - 10, y1: scale(tick), y2: scale(tick), class: "grid" }),
      svg("text", { x: left - 6, y: scale(tick) + 4, "text-anchor": "end", class: "axis" }, `${tick * 100}%`));
  }
  points.forEach((point, index) => {
    const x = left + index * step + step / 2;
    const [year, month, day] = point.day.split("-").map(Number);
    const group = svg("g", { class: "point", "data-as-of": point.day });
    group.append(svg("text", { x, y: height - bottom + 16, "text-anchor": "middle", class: "axis" }, `${day} ${MONTHS[month - 1]}`),
      svg("text", { x, y: height - bottom + 30, "text-anchor": "middle", class: "axis" }, String(year)));
    if (point.error || !count(point.total.workerCount)) {
      group.setAttribute("data-error", point.error ? point.error.reason || String(point.error.status) : "");
      group.setAttribute("data-workers", point.error ? -1 : 0);
      group.append(svg("text", { x, y: scale(0.5), "text-anchor": "middle", class: "missing" }, "—"),
        svg("title", {}, point.error ? point.error.readable : "Belum ada pekerja yang dikenal pada tanggal ini"));
    } else {
      const total = point.total;
      group.setAttribute("data-coverage", total.coverageRatio);
      group.setAttribute("data-workers", count(total.workerCount));
      group.append(
        svg("rect", { x: x - step * 0.3, y: scale(total.coverageRatio), width: step * 0.6,
          height: scale(0) - scale(total.coverageRatio), class: "o-active" }),
        svg("line", { x1: x, x2: x, y1: scale(total.coverageHigh), y2: scale(total.coverageLow), class: "whisker" }),
        svg("text", { x, y: scale(total.coverageRatio) - 6, "text-anchor": "middle", class: "coverage" }, percent(total.coverageRatio)),
        svg("title", {}, `${point.day}: ${percent(total.coverageRatio)} dari ${numbers.format(count(total.workerCount))} pekerja`));
    }
    chart.append(group);
  });
  container.append(chart);
  const failed = points.find((point) => point.error);
  if (failed) container.append(element("p", { class: "note" }, `Sebagian tanggal tidak dapat dibaca: ${failed.error.readable}`));
}

/** What enrolling the eligible NOT_REGISTERED and LAPSED workers through the city budget would cost, per kecamatan. */
async function renderApbd(filters) {
  const estimate = await call("GET", `/v1/apbd-estimate?${query({ grouping: "COVERAGE_GROUPING_KECAMATAN", ...filters })}`);
  const total = estimate.total;
  $("#apbd-summary").textContent = `${numbers.format(count(total.eligibleCount))} orang memenuhi syarat ` +
    `(${numbers.format(count(total.notRegisteredCount))} belum terdaftar, ${numbers.format(count(total.lapsedCount))} tidak aktif): ` +
    `${rupiah(total.monthlyCosts?.[0]?.rupiah)} per bulan, ${rupiah(total.totalRupiah)} untuk ${estimate.months} bulan mulai ${estimate.firstMonth}`;
  $("#apbd-rule").textContent = estimate.eligibilityRule;
  $("#apbd-cost").textContent = estimate.costDefinition;
  $("#apbd-rates").textContent = (estimate.rates ?? []).map((rate) => `sejak ${rate.effectiveFrom}: JKK ${numbers.format(rate.jkkPercent)} % ` +
    `dari penghasilan ${rupiah(rate.minimumIncomeRupiah)} + JKM ${rupiah(rate.jkmRupiah)} = ${rupiah(rate.monthlyRupiahPerPerson)} per orang per bulan`).join("; ");
  const container = $("#chart-apbd");
  container.replaceChildren();
  const rows = estimate.rows ?? [];
  if (!rows.length) {
    container.append(element("p", { class: "empty" }, "Tidak ada pekerja yang memenuhi syarat dengan filter ini."));
    return;
  }
  const labelWidth = 170, barWidth = 380, rowHeight = 26, width = labelWidth + barWidth + 230;
  const most = Math.max(1, ...rows.map((row) => count(row.totalRupiah)));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowHeight + 8}`, role: "img", "aria-label": "Perkiraan biaya APBD per kecamatan", class: "bars" });
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    const w = (count(row.totalRupiah) / most) * barWidth;
    const group = svg("g", { class: "row", "data-key": row.key, "data-eligible": count(row.eligibleCount), "data-rupiah": count(row.totalRupiah) });
    group.append(svg("text", { x: labelWidth - 8, y: y + 16, class: "label", "text-anchor": "end" }, row.name || "Wilayah tidak diketahui"),
      svg("rect", { x: labelWidth, y: y + 4, width: w, height: rowHeight - 8, class: "o-lapsed" }),
      svg("text", { x: labelWidth + w + 6, y: y + 16, class: "total" },
        `${rupiah(row.totalRupiah)} · ${numbers.format(count(row.eligibleCount))} orang`));
    chart.append(group);
  });
  container.append(chart);
}

async function loadCoverage() {
  renderLegend();
  await setUpFilters();
  const filters = readFilters();
  const [byKecamatan, byOccupation] = await Promise.all([
    coverageReport("COVERAGE_GROUPING_KECAMATAN", filters),
    coverageReport("COVERAGE_GROUPING_OCCUPATION", filters),
  ]);
  renderSummary(byKecamatan);
  renderBars($("#chart-kecamatan"), byKecamatan.rows, (row) => row.name || "Wilayah tidak diketahui", "Cakupan per kecamatan");
  renderBars($("#chart-occupation"), byOccupation.rows, (row) => occupationLabel(row.key), "Cakupan per pekerjaan");
  await Promise.all([renderApbd(filters), renderTrend($("#chart-trend"), filters, byKecamatan.asOf)]);
}

function setUpCoverage() {
  $("#filters").addEventListener("submit", (event) => {
    event.preventDefault();
    run(loadCoverage);
  });
  // After the form has cleared its boxes.
  $("#filters").addEventListener("reset", () => setTimeout(() => run(loadCoverage)));
  setUpSignIn(loadCoverage);
}

// --- Review ------------------------------------------------------------------------------------------------------

const SEX = { SEX_MALE: "Laki-laki", SEX_FEMALE: "Perempuan" };
const PARTICIPANT_STATUS = { PARTICIPANT_STATUS_ACTIVE: "Aktif", PARTICIPANT_STATUS_ENDED: "Berakhir", PARTICIPANT_STATUS_DECEASED: "Meninggal" };
const FIELDS = { NIK: "NIK", NAME: "Nama", BIRTH_DATE: "Tanggal lahir", SEX: "Jenis kelamin", KELURAHAN: "Kelurahan" };

const review = { items: [], index: 0, nextPageToken: "" };

const outcomeLabel = (name) => OUTCOMES.find((o) => o.name === name)?.label ?? name;

async function loadReviewPage(pageToken = "") {
  const page = await call("GET", `/v1/review-items?${query({ pageSize: 50, pageToken })}`);
  review.items = page.items ?? [];
  review.index = 0;
  review.nextPageToken = page.nextPageToken ?? "";
}

function loadReview() {
  Object.assign(review, { items: [], index: 0, nextPageToken: "" });
  return showReviewItem();
}

async function showReviewItem() {
  // Past the page: the next one, or the first again (items skipped there are still waiting; others may have been decided meanwhile).
  if (review.index >= review.items.length) await loadReviewPage(review.nextPageToken);
  const item = review.items[review.index];
  $("#review-item").hidden = !item;
  if (!item) {
    $("#review-position").textContent = "Tidak ada kemungkinan cocok yang menunggu tinjauan.";
    return;
  }
  $("#review-position").textContent =
    `Item ${review.index + 1} dari ${review.items.length}${review.nextPageToken ? "+" : ""} yang menunggu · ${item.agency}, batch ${item.batchId}, baris ${item.offset}`;
  $("#review-item").dataset.reviewId = item.reviewId;
  const worker = item.worker ?? {}, candidate = item.candidate ?? {};
  const rows = [
    ["NIK", worker.nik, candidate.nik],
    ["Nama lengkap", worker.fullName, candidate.fullName],
    ["Tanggal lahir", worker.birthDate, candidate.birthDate],
    ["Jenis kelamin", SEX[worker.sex] ?? "", SEX[candidate.sex] ?? ""],
    ["Kelurahan", worker.kelurahanCode, candidate.kelurahanCode],
    ["Alamat", worker.address, undefined],
    ["Pekerjaan", OCCUPATIONS.find((o) => o && `OCCUPATION_${o[0]}` === worker.occupation)?.[1] ?? "", undefined],
    ["Status kepesertaan", undefined, PARTICIPANT_STATUS[candidate.status] ?? ""],
    ["Bulan terakhir dibayar", undefined, candidate.lastPaidMonth],
  ];
  const body = $("#review-compare tbody");
  body.replaceChildren();
  for (const [label, left, right] of rows) {
    const line = element("tr");
    // Where both sides have the field and differ, the row is marked: that is what the reviewer weighs.
    if (left !== undefined && right !== undefined && String(left).toUpperCase() !== String(right).toUpperCase()) line.className = "differs";
    line.append(element("th", { scope: "row" }, label), element("td", {}, left ?? "—"), element("td", {}, right ?? "—"));
    body.append(line);
  }
  // The stored result and how matching decided, as ExplainResult gives them for any stored record.
  const explained = await call("GET",
    `/v1/agencies/${encodeURIComponent(item.agency)}/batches/${encodeURIComponent(item.batchId)}/results/${encodeURIComponent(item.offset)}/explanation`);
  showExplanation(explained.explanation ?? item.explanation, explained.result);
}

function showExplanation(explanation, result) {
  const fields = $("#explanation-fields tbody");
  fields.replaceChildren();
  if (!explanation) {
    $("#explanation-rule").textContent = "Penjelasan tidak tersimpan untuk catatan ini.";
    $("#explanation-score").textContent = "";
    return;
  }
  $("#explanation-rule").textContent = `${explanation.rung}: ${explanation.rule}${explanation.blockedByRivals ? " (ada kandidat lain yang juga dekat)" : ""}`;
  for (const field of explanation.fields ?? []) {
    const line = element("tr");
    line.append(element("th", { scope: "row" }, FIELDS[field.field] ?? field.field), element("td", {}, field.level),
      element("td", { class: field.weight < 0 ? "negative" : "" }, decimals.format(field.weight)),
      element("td", {}, probability(field.m)), element("td", {}, probability(field.u)));
    fields.append(line);
  }
  $("#explanation-score").textContent = [
    `Skor ${decimals.format(explanation.score)} bit (ambang tinjauan ${numbers.format(explanation.reviewThreshold)}, otomatis ${numbers.format(explanation.automaticThreshold)})`,
    `peluang orang yang sama ${percent(explanation.posteriorProbability)}`,
    result ? `hasil tersimpan: ${outcomeLabel(result.outcome)}` : "",
  ].filter(Boolean).join(" · ");
}

async function decide(decision) {
  const item = review.items[review.index];
  const resolved = await call("POST", `/v1/review-items/${encodeURIComponent(item.reviewId)}:resolve`, { decision });
  const result = $("#review-result");
  result.hidden = false;
  result.textContent = `${item.worker?.fullName ?? ""} (batch ${item.batchId}, baris ${item.offset}): ` +
    `${decision === "REVIEW_DECISION_SAME_PERSON" ? "orang yang sama" : "orang berbeda"}, hasil sekarang ${outcomeLabel(resolved.result?.outcome)}.`;
  result.dataset.reviewId = item.reviewId;
  result.dataset.outcome = resolved.result?.outcome ?? "";
  // Decided: no longer waiting, so the next one takes its place.
  review.items.splice(review.index, 1);
  await showReviewItem();
}

function setUpReview() {
  $("#same-person").addEventListener("click", () => run(() => decide("REVIEW_DECISION_SAME_PERSON")));
  $("#different-person").addEventListener("click", () => run(() => decide("REVIEW_DECISION_DIFFERENT_PERSON")));
  $("#next-item").addEventListener("click", () => run(() => {
    review.index += 1;
    $("#review-result").hidden = true;
    return showReviewItem();
  }));
  setUpSignIn(loadReview);
}

if (document.body.dataset.page === "review") setUpReview();
else setUpCoverage();
