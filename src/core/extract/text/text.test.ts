import { describe, expect, it } from 'vitest';
import { findSegments, PhraseMatcher, splitSentences, tokenize } from './index.js';

const sentences = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('keeps abbreviations (U.S., Dec.) inside sentences', () => {
    expect(sentences('U.S. officials met in Dec. 2023 with Chinese officials. They said so.')).toEqual([
      'U.S. officials met in Dec. 2023 with Chinese officials.',
      'They said so.',
    ]);
  });
  it('splits sentences glued by scraping (seed 001)', () => {
    expect(
      sentences(
        'linked to the [Volt Typhoon](https://x.example/a.html) campaign.According to the Wall Street Journal, it was.',
      ),
    ).toEqual([
      'linked to the [Volt Typhoon](https://x.example/a.html) campaign.',
      'According to the Wall Street Journal, it was.',
    ]);
  });
  it('ends a sentence at a line break, quotes included', () => {
    expect(
      sentences('He said, “It is not acceptable.”\nVolt Typhoon infecting US infrastructure\nThe group'),
    ).toEqual(['He said, “It is not acceptable.”', 'Volt Typhoon infecting US infrastructure', 'The group']);
  });
  it('does not split version numbers or domains', () => {
    expect(sentences('It used version 2.4.1 and example.com. Then it stopped.')).toHaveLength(2);
  });
});

describe('findSegments', () => {
  it('finds the Related Tags block and page furniture rails (seeds 000/001)', () => {
    const text = [
      'Body text about Volt Typhoon.',
      'More from TechRadar Pro',
      'Chinese cybersecurity firm hit by US sanctions over ties to Flax Typhoon hacking group',
      '',
    ].join('\n');
    const seg = findSegments(text);
    expect(seg.map((s) => [s.kind, text.slice(s.start, s.end).split('\n')[0]])).toEqual([
      ['furniture', 'More from TechRadar Pro'],
    ]);
    const tags =
      'Article.\nRelated Tags:\nDEV-0391\nUNC3236\nNAICS: 517 – Telecommunications\nAssociated Indicators:\n';
    const t = findSegments(tags);
    expect(t.map((s) => [s.kind, tags.slice(s.start, s.end)])).toEqual([
      ['tags', 'Related Tags:\nDEV-0391\nUNC3236\nNAICS: 517 – Telecommunications'],
    ]);
  });
});

describe('PhraseMatcher', () => {
  it('finds the longest phrase on token boundaries, punctuation-insensitive', () => {
    const m = new PhraseMatcher([
      ['Volt Typhoon', 'volt'],
      ['DEV-0391', 'dev'],
      ['APT 36', 'apt36'],
    ]);
    const text = 'Volt Typhoon (tracked as Dev-0391) and APT36, not Volt, nor a typhoon.';
    expect(m.scan(text, tokenize(text)).map((x) => [x.text, x.values[0]])).toEqual([
      ['Volt Typhoon', 'volt'],
      ['Dev-0391', 'dev'],
      ['APT36', 'apt36'],
    ]);
  });
  it('never joins words across a line break', () => {
    const m = new PhraseMatcher([['Vanguard Panda', 1]]);
    const text = 'Vanguard\nPanda';
    expect(m.scan(text, tokenize(text))).toEqual([]);
  });
});
