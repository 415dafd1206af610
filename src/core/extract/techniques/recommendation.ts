/**
 * Recommendation sentences: advice to defenders ("Reduce the attack surface by limiting … PowerShell, PsExec and
 * WMI", "Consider using red team tools, such as SharpHound", "Organizations should disable …", "CISA recommends …").
 * A tool or behaviour named in advice is what defenders should restrict or watch, not what the adversary did, so the
 * technique extractor does not infer from tools and behaviour rules there. ATT&CK names and common phrasings still
 * count: advice usually names the techniques the report described ("detect pass-the-ticket, DCSync …").
 */

/** Imperative verbs that open a piece of advice (sentence-initial, capitalised). */
const IMPERATIVE =
  /^(?:[-•*\d.)\s]*)(?:Reduce|Limit|Consider|Ensure|Enforce|Disable|Restrict|Implement|Monitor|Review|Apply|Block|Require|Audit|Remove|Establish|Deploy|Configure|Avoid|Prevent|Harden|Segment|Update|Patch|Enable|Change|Create alerts?|Tune|Look for|Treat|Use|Prioriti[sz]e|Maintain|Educate|Train|Inventory|Identify and|Keep|Do not|Never|Prohibit|Set|Rotate|Reset|Isolate|Baseline|Log|Alert|Secure|Protect|Minimi[sz]e|Mitigate|Adopt|Validate|Test|Verify|Check|Search for|Hunt for)\b/;
/** Advice written in the third person or as a recommendation. */
const ADVICE =
  /\b(?:should|recommends?|recommended|recommendations?|are (?:advised|encouraged|urged) to|best practices?|mitigations?|defenders can|organi[sz]ations can)\b/i;

/** Whether the sentence `text.slice(start, end)` gives advice rather than reporting behaviour. */
export function isRecommendation(text: string, start: number, end: number): boolean {
  const sentence = text.slice(start, Math.min(end, start + 600));
  return IMPERATIVE.test(sentence) || ADVICE.test(sentence);
}
