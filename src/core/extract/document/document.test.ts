import { describe, expect, it } from 'vitest';
import { classifyDocument, documentMetadata, findTitle, publishedDate } from './index.js';

describe('document metadata', () => {
  it('takes the title from the first line, cut at a scraped rule (seed 001)', () => {
    expect(findTitle('China admitted it, WSJ reports.—————————————————China reportedly admitted…')).toBe(
      'China admitted it, WSJ reports',
    );
  });
  it('reads labelled dates and datelines, not event dates in sentences', () => {
    expect(publishedDate('Title\nPublished: March 3, 2024\nBody')).toBe('2024-03-03');
    expect(publishedDate('Title\n2023-02-28\nBody')).toBe('2023-02-28');
    expect(
      publishedDate('Title\nThe Five Eyes jointly expressed concerns on May 24, 2023, regarding it.'),
    ).toBeNull();
  });
  it('classifies rebuttals, advisories, vendor reports and news', () => {
    expect(
      classifyDocument(
        'BEIJING: the so-called “China-backed Volt Typhoon” was hyped up by the United States.',
        '‘US fabrication of ‘Volt Typhoon’ to smear China’',
      ),
    ).toBe('rebuttal');
    expect(
      classifyDocument(
        'Cybersecurity Advisory AA23-059A. TLP:CLEAR. Mitigations for network defenders.',
        'CISA Red Team Shares Key Findings',
      ),
    ).toBe('advisory');
    expect(
      classifyDocument(
        'Executive Summary. Indicators of Compromise. We observed the actor. Conclusion.',
        'Vice Society',
      ),
    ).toBe('vendor-report');
    expect(documentMetadata('Officials said the group was behind it.').doc_type).toBe('news');
  });
  it('reads a law-enforcement case narrative without reported speech as an official statement', () => {
    const text =
      'How the group attacked. Investigators have observed typical retail purchases. The masterminds behind the ' +
      'criminal enterprise created a fake business to add legitimacy to the hacking scheme, which it launched ' +
      'against over 100 unsuspecting victims.';
    expect(classifyDocument(text, 'How the group attacked')).toBe('official-statement');
    // The same narrative relayed by an outlet is news.
    expect(classifyDocument(`${text} The FBI said the group is still active.`, 'Group charged')).toBe('news');
  });
  it('reads relaying verbs (an outlet telling what an agency did) as news', () => {
    expect(
      classifyDocument(
        'The FBI sounded the alarm over the hackers. The agency has urged companies to check these addresses.',
        'FBI alert: hackers stole bitcoin',
      ),
    ).toBe('news');
  });
});
