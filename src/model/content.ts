/**
 * The content model: the single source of truth for what `content.yaml` may contain.
 * Types are inferred from this schema; `npm run schema` exports it as JSON Schema for editors.
 */
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case letters, digits and hyphens, e.g. "baidu-apollo"');

/** A number that always travels with its unit, as printed: `1012.4` + `亿元`, `超` `1000` `亿元`. */
export const Amount = z.strictObject({
  value: z.number().nonnegative(),
  unit: text.describe('unit as printed, e.g. 亿元, 个, 家'),
  qualifier: text.optional().describe('word printed before the number, e.g. 超 (more than)'),
});

export const Figure = Amount.extend({
  id,
  label: text.describe('what the number counts, e.g. 签约项目'),
  note: text.optional(),
});

export const Person = z.strictObject({
  name: text,
  title: text.describe('job title, e.g. 董事长'),
  organisation: text,
});

/** Kinds of investor the article names; a project may carry several. */
export const InvestorKind = z.enum([
  'fortune500',
  'centralSoe',
  'listed',
  'industryLeader',
  'privateLeader',
  'internetTech',
  'researchInstitute',
  'international',
]);

export const Project = z.strictObject({
  id,
  name: text.describe('project name as printed'),
  investor: text.describe('company that signs and invests'),
  investorShort: text.optional(),
  parentGroup: text.optional().describe('group the investor belongs to'),
  relation: text.optional().describe('how the investor relates to its group, e.g. 全资子公司'),
  kinds: z.array(InvestorKind).describe('what kind of company, only as the article says'),
  kindNote: text.optional().describe('the article\'s own words for the company, e.g. 国内首家工程咨询行业上市公司'),
  sector: text.optional().describe('one of the sectors listed under `sectors`'),
  signing: z.enum(['representative', 'witnessed']).describe('representative: one of the nine at the online ceremony; witnessed: signed before the city leaders'),
  summary: text.optional().describe('one sentence: what the project is for'),
  builds: z.array(text).describe('what it will build or do, one item each'),
  numbers: z.array(Figure.omit({ id: true }).extend({ id: id.optional() })).default([]),
});

export const Quote = z.strictObject({
  id,
  heading: text.describe('the heading the statement stood under, e.g. 世界500强眼中的科学城'),
  speaker: text,
  title: text,
  organisation: text,
  project: id.optional().describe('id of the project the speaker\'s company signed'),
  text: z.array(text).min(1).describe('the statement verbatim, one item per paragraph'),
});

export const Section = z.strictObject({
  id,
  heading: text.optional().describe('absent for the lead'),
  subheading: text.optional(),
  paragraphs: z.array(text).min(1),
});

export const NamedList = z.strictObject({
  name: text,
  items: z.array(text).min(1),
});

export const Image = z.strictObject({
  id,
  path: text.describe('a PNG or JPEG file, relative to content.yaml and inside the project folder'),
  caption: text.describe('shown under the image, e.g. 西部（重庆）科学城鸟瞰图'),
  alt: text.describe('what the image shows, for screen readers and the tagged PDF'),
});

export const Content = z.strictObject({
  document: z.strictObject({
    title: text,
    subtitle: text.optional(),
    author: text,
    subject: text,
    keywords: z.array(text).default([]),
    date: z.iso.date().optional().describe('YYYY-MM-DD; used for the document dates, else SOURCE_DATE_EPOCH'),
    source: text.optional().describe('where the article appeared'),
  }),
  event: z.strictObject({
    name: text,
    shortName: text,
    activities: z.array(text).min(1),
    host: z.strictObject({
      name: text,
      coreArea: text,
      coreAreaRole: text.optional(),
    }),
    figures: z.array(Figure).min(1),
    fortune500: z.strictObject({
      count: Amount,
      named: z.array(text).describe('the Fortune Global 500 companies the article names'),
    }),
    witnessedSigning: z.strictObject({
      witnesses: text,
      projects: z.array(id),
      attendees: z.array(Person),
    }),
    positioning: z.array(z.strictObject({ label: text, text })).min(1),
  }),
  signing: z.strictObject({
    signedCount: Amount.describe('all projects signed (only some are named)'),
    representativeCount: Amount,
    ceremony: text,
  }),
  sectors: z.array(z.strictObject({ id: text, note: text.optional() })).min(1),
  investorKinds: z.array(z.strictObject({ kind: InvestorKind, label: text, note: text.optional() })).min(1),
  projects: z.array(Project).min(1),
  quotes: z.array(Quote),
  quotesIntro: z.strictObject({ heading: text, questions: z.array(text), lead: text }).optional(),
  sections: z.array(Section).min(1),
  lists: z.array(NamedList.extend({ id, context: text.optional() })),
  images: z.array(Image).default([]).describe('pictures the templates may place, e.g. an aerial view'),
});

export type Content = z.infer<typeof Content>;
export type Project = z.infer<typeof Project>;
export type Quote = z.infer<typeof Quote>;
export type Amount = z.infer<typeof Amount>;
export type InvestorKind = z.infer<typeof InvestorKind>;
export type Image = z.infer<typeof Image>;
