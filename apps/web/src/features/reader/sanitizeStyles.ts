import {
  auditCssText,
  auditDeclaration,
  normalizeCss,
  urlsInNormalizedCss,
  type CssPolicy,
} from './cssSafety.ts';

/**
 * Applies cssSafety's verdicts to real CSS: a style attribute's declarations, or a whole
 * `<style>` sheet parsed by the browser's own parser (the same one that will read it inside
 * the message frame), walked rule by rule and serialised again. Unknown rule types are dropped.
 */

export interface StyleTally {
  /** Declarations dropped because they would load a remote image. */
  remote: number;
}

/** Rule types a message keeps (after their declarations are checked); all others go. */
const KEPT_RULES = new Set([
  'CSSStyleRule',
  'CSSMediaRule',
  'CSSSupportsRule',
  'CSSContainerRule',
  'CSSLayerBlockRule',
  'CSSLayerStatementRule',
  'CSSKeyframesRule',
  'CSSKeyframeRule',
  'CSSPageRule',
  'CSSMarginRule',
  'CSSNestedDeclarations',
  'CSSStartingStyleRule',
  'CSSScopeRule',
  'CSSFontFaceRule',
]);

/** Checks each declaration in place: dropped, rewritten (`cid:`, `position`) or kept. */
export function sanitizeDeclarations(
  style: CSSStyleDeclaration,
  policy: CssPolicy,
  tally: StyleTally,
): void {
  const names: string[] = [];
  for (let i = 0; i < style.length; i += 1) names.push(style[i] ?? '');
  for (const name of names) {
    const value = style.getPropertyValue(name);
    const verdict = auditDeclaration(name, value, policy);
    if (!verdict.keep) {
      style.removeProperty(name);
      if (verdict.remote) tally.remote += 1;
    } else if (verdict.value !== value) {
      const priority = style.getPropertyPriority(name);
      // Removed first: a value the browser refuses must not leave the old one in place.
      style.removeProperty(name);
      style.setProperty(name, verdict.value, priority);
    }
  }
  // A shorthand with a var() keeps its text (and any url() in it) out of the longhands above
  // until it is computed: what is left must pass as a whole, or the block is emptied.
  const block = auditCssText(style.cssText, policy);
  if (!block.safe) {
    style.cssText = '';
    if (block.remote) tally.remote += 1;
  }
}

/** The sanitised text of a `<style>` element; `<` is escaped so the text cannot end the element. */
export function sanitizeStyleSheet(text: string, policy: CssPolicy, tally: StyleTally): string {
  const sheet = parseStyleSheet(text);
  if (!sheet) return '';
  try {
    sanitizeRuleList(sheet.cssRules, (index) => sheet.deleteRule(index), policy, tally);
  } catch {
    // A rule that cannot be deleted (a @namespace while other rules remain): the sheet goes,
    // the rest of the message stays readable.
    return '';
  }
  const css = Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
  return css.replace(/</g, '\\3c ');
}

/**
 * The browser's parser, without applying the sheet anywhere: a constructed sheet (Chrome 73,
 * Firefox 101, Safari 16.4). Without one, message styles are dropped: a `<style>` in the live
 * document would already fetch what it imports.
 */
function parseStyleSheet(text: string): CSSStyleSheet | null {
  const Constructed = globalThis.CSSStyleSheet as typeof CSSStyleSheet | undefined;
  if (!Constructed || typeof Constructed.prototype.replaceSync !== 'function') return null;
  const sheet = new Constructed();
  try {
    // @import is ignored by replaceSync (CSSOM §6.1.2.3), which is what we want anyway.
    sheet.replaceSync(text);
  } catch {
    return null;
  }
  return sheet;
}

function sanitizeRuleList(
  rules: CSSRuleList,
  remove: (index: number) => void,
  policy: CssPolicy,
  tally: StyleTally,
): void {
  for (let index = rules.length - 1; index >= 0; index -= 1) {
    const rule = rules[index];
    if (rule && !keepRule(rule, policy, tally)) remove(index);
  }
}

function keepRule(rule: CSSRule, policy: CssPolicy, tally: StyleTally): boolean {
  const type = rule.constructor.name;
  if (!KEPT_RULES.has(type)) return false;
  if (type === 'CSSFontFaceRule') {
    // Fonts only from data: (the frame's CSP says the same: font-src data:).
    const src = normalizeCss((rule as CSSFontFaceRule).style.getPropertyValue('src'));
    return urlsInNormalizedCss(src).every((url) => url.startsWith('data:'));
  }
  if ('style' in rule && rule.style instanceof Object) {
    sanitizeDeclarations(rule.style as CSSStyleDeclaration, policy, tally);
  }
  if ('cssRules' in rule && rule.cssRules instanceof Object) {
    const group = rule as unknown as { cssRules: CSSRuleList };
    if (type === 'CSSKeyframesRule') {
      const keyframes = rule as CSSKeyframesRule;
      sanitizeRuleList(
        group.cssRules,
        (index) => {
          const frame = keyframes.cssRules[index] as CSSKeyframeRule | undefined;
          if (frame) keyframes.deleteRule(frame.keyText);
        },
        policy,
        tally,
      );
    } else {
      const grouping = rule as unknown as { deleteRule(index: number): void };
      sanitizeRuleList(group.cssRules, (index) => grouping.deleteRule(index), policy, tally);
    }
  }
  return true;
}
