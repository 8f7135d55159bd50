/** A subject reduced for threading (RFC 5256 §2.1), and whether it marked a reply or forward. */
export interface BaseSubject {
  base: string;
  /** "Re:", "Fwd:", "(fwd)" or "[fwd: …]" was removed: the message answers another. */
  isReply: boolean;
}

// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"; subj-blob = "[" *BLOBCHAR "]" *WSP
const LEADING_REFWD = /^(?:\[[^[\]]*\][ \t]*)*(?:re|fwd?)[ \t]*(?:\[[^[\]]*\][ \t]*)?:[ \t]*/i;
const LEADING_BLOB = /^\[[^[\]]*\][ \t]*/;
const TRAILING_FWD = /[ \t]*\(fwd\)[ \t]*$/i;
const FWD_WRAPPER = /^\[fwd:(.*)\]$/i;

/**
 * The RFC 5256 §2.1 base subject: whitespace collapsed, then "(fwd)" trailers, "Re:"/"Fwd:"
 * leaders and "[list]" blobs stripped until nothing changes, then a "[fwd: …]" wrapper
 * unpacked and the whole repeated. Compared case-insensitively (lower-cased here). The
 * subject arrives already decoded from RFC 2047 by imapflow.
 */
export function baseSubject(subject: string): BaseSubject {
  let text = subject
    .replace(/[\r\n]+/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  let isReply = false;
  for (;;) {
    // §2.1 step 2: trailing "(fwd)".
    while (TRAILING_FWD.test(text)) {
      text = text.replace(TRAILING_FWD, '');
      isReply = true;
    }
    // Steps 3 and 4: leaders and blobs, while something is left behind them.
    for (;;) {
      const refwd = LEADING_REFWD.exec(text);
      if (refwd) {
        text = text.slice(refwd[0].length);
        isReply = true;
        continue;
      }
      const blob = LEADING_BLOB.exec(text);
      if (blob && blob[0].length < text.length) {
        text = text.slice(blob[0].length);
        continue;
      }
      break;
    }
    // Step 5: "[fwd: subject]".
    const wrapped = FWD_WRAPPER.exec(text);
    if (!wrapped) break;
    text = wrapped[1]!.trim();
    isReply = true;
  }
  return { base: text.toLowerCase(), isReply };
}
