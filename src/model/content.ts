/**
 * The content model: the single source of truth for what `content.yaml` may contain. It describes
 * any signing or investment-promotion event: only a title, who hosts or reports it, and one
 * headline figure or one project are required; everything else is optional and shown only when
 * present. Types are inferred from this schema; `npm run schema` exports it as JSON Schema for editors.
 */
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case letters, digits and hyphens, e.g. "baidu-apollo"');
const isoDate = z.iso.date().describe('YYYY-MM-DD');

/**
 * A number that always travels with its unit and qualifiers, as printed: `1012.4` + `亿元`;
 * `近` `50` `%`; `逾` `1000` `个`; `1000` `亿元` `以上`.
 */
export const Amount = z.strictObject({
  value: z.number().nonnegative(),
  unit: text.describe('unit as printed, e.g. 亿元, 个, 家, %'),
  qualifier: text.optional().describe('word printed before the number, e.g. 近, 逾, 超, 约'),
  suffix: text.optional().describe('word printed after the unit, e.g. 以上, 左右'),
});

export const Figure = Amount.extend({
  id: id.optional(),
  label: text.describe('what the number counts, e.g. 签约项目'),
  note: text.optional().describe('the source sentence, for the speaker notes'),
  key: z.boolean().default(true).describe('false: stated in the text and tables, not shown as a big number'),
});

export const Person = z.strictObject({
  name: text,
  title: text.optional().describe('job title, e.g. 董事长'),
  organisation: text.optional(),
});

/** A kind of investor, defined by the content itself (世界500强, 央企, 上市企业 …). */
export const InvestorKind = z.strictObject({
  id,
  label: text.describe('as printed, e.g. 世界500强'),
  count: Amount.optional().describe('how many such companies the source says took part, e.g. 6家'),
  note: text.optional(),
});

/** A company named in the source, whether or not one of its projects is named. */
export const Investor = z.strictObject({
  name: text,
  kinds: z.array(id).default([]).describe('ids from `investorKinds`'),
  note: text.optional(),
});

/** One category of a breakdown: its count and/or amount. */
export const Category = z
  .strictObject({
    label: text,
    count: Amount.optional().describe('e.g. 18个 projects'),
    amount: Amount.optional().describe('e.g. 420亿元 invested'),
    note: text.optional(),
  })
  .refine((category) => category.count !== undefined || category.amount !== undefined, {
    message: 'a category needs a count, an amount or both',
  });

/** Totals by sector, region, kind of investor …: what the charts show. */
export const Breakdown = z.strictObject({
  id,
  title: text.describe('e.g. 按产业分布'),
  categories: z.array(Category).min(1),
  note: text.optional(),
});

/** How a project was signed, as the source tells it (代表项目 at the ceremony, signed before leaders …). */
export const SigningRole = z.strictObject({
  id,
  label: text.describe('short, e.g. 线上签约代表项目'),
  occasion: text.optional().describe('where or how, e.g. the ceremony\'s name'),
  witnesses: text.optional().describe('who witnessed the signing, e.g. 市委、市政府主要领导'),
  count: Amount.optional().describe('how many projects had this role, if the source says'),
  attendees: z.array(Person).default([]).describe('people the source says attended'),
});

export const Phase = z.strictObject({
  name: text.describe('e.g. 一期'),
  description: text.optional(),
  amount: Amount.optional(),
  landArea: Amount.optional(),
  period: text.optional().describe('e.g. 2021—2023年'),
});

export const Project = z.strictObject({
  id,
  name: text.describe('project name as printed'),
  investor: text.optional().describe('company that signs and invests'),
  investorShort: text.optional(),
  coInvestors: z.array(text).default([]).describe('further companies or partners of the project'),
  parentGroup: text.optional().describe('group the investor belongs to'),
  relation: text.optional().describe('how the investor relates to its group, e.g. 全资子公司'),
  kinds: z.array(id).default([]).describe('ids from `investorKinds`, only as the source says'),
  kindNote: text.optional().describe('the source\'s own words for the company, e.g. 国内首家工程咨询行业上市公司'),
  sector: text.optional().describe('one of the ids under `sectors`'),
  role: id.optional().describe('id of a signing role under `signing.roles`'),
  location: text.optional(),
  amount: Amount.optional().describe('the project\'s investment'),
  landArea: Amount.optional(),
  jobs: Amount.optional(),
  phases: z.array(Phase).default([]),
  summary: text.optional().describe('one sentence: what the project is for'),
  builds: z.array(text).default([]).describe('what it will build or do, one item each'),
  numbers: z.array(Figure).default([]).describe('other figures of the project'),
});

export const Quote = z
  .strictObject({
    id,
    heading: text.optional().describe('the heading the statement stood under'),
    speaker: text.optional().describe('absent when the source names no one, e.g. 有关负责人'),
    title: text.optional(),
    organisation: text.optional(),
    project: id.optional().describe('id of the project the speaker\'s organisation signed'),
    text: z.array(text).min(1).describe('the statement verbatim, one item per paragraph'),
    highlight: text.optional().describe('one sentence of `text`, copied exactly: the quote slide shows it large, the notes the whole statement'),
  })
  .refine((quote) => quote.speaker !== undefined || quote.organisation !== undefined || quote.title !== undefined, {
    message: 'a quote needs someone to attribute it to: speaker, title or organisation',
  });

export const Section = z.strictObject({
  id,
  heading: text.optional().describe('absent for the lead: it opens the overview'),
  subheading: text.optional(),
  paragraphs: z.array(text).min(1),
});

export const NamedList = z.strictObject({
  id,
  name: text,
  items: z.array(text).min(1),
  context: text.optional().describe('the source\'s sentence about the list'),
});

export const Image = z.strictObject({
  id,
  path: text.describe('a PNG or JPEG file, relative to content.yaml and inside the project folder'),
  caption: text.describe('shown under the image, e.g. 西部（重庆）科学城鸟瞰图'),
  alt: text.describe('what the image shows, for screen readers and the tagged PDF'),
});

export const Lang = z.enum(['zh-CN', 'zh-TW', 'zh-HK']);

const DateRange = z.strictObject({ from: isoDate, to: isoDate });

export const Content = z
  .strictObject({
    document: z.strictObject({
      title: text,
      subtitle: text.optional(),
      author: text.describe('who issues this briefing'),
      subject: text.optional(),
      keywords: z.array(text).default([]),
      lang: Lang.default('zh-CN').describe('zh-CN: Simplified; zh-TW, zh-HK: Traditional wording and fonts'),
      date: isoDate
        .refine((date) => !date.startsWith('0000'), { message: 'year 0000 cannot be written as a PDF or XMP date; give a year from 0001' })
        .optional()
        .describe('the documents\' date; else SOURCE_DATE_EPOCH, else none'),
    }),
    event: z.strictObject({
      name: text.optional().describe('the event as the source names it'),
      shortName: text.optional(),
      date: z.union([isoDate, DateRange]).optional().describe('YYYY-MM-DD, or {from, to}'),
      dateText: text.optional().describe('the date as the source prints it, e.g. 日前, 9月15日'),
      venue: text.optional(),
      format: text.optional().describe('how it was held, e.g. 线上, 线下, 线上+线下'),
      organiser: text.optional(),
      host: z.strictObject({
        name: text.describe('who hosts or reports the signing'),
        related: z.array(z.strictObject({ name: text, role: text })).default([]).describe('bodies the source relates to the host'),
      }),
      source: text.optional().describe('where the report appeared'),
      byline: text.optional().describe('reporter or issuing office, as printed'),
      activities: z.array(text).default([]),
      figures: z.array(Figure).default([]).describe('headline figures, in the order the source gives them'),
      message: text.optional().describe('the one sentence officials should leave with, in the source\'s words'),
      positioning: z.array(z.strictObject({ label: text, text })).default([]).describe('how the source describes the host'),
      slogan: text.optional().describe('closing line, as printed'),
    }),
    signing: z
      .strictObject({
        total: Amount.optional().describe('all projects signed (only some may be named)'),
        roles: z.array(SigningRole).default([]),
      })
      .default({ roles: [] }),
    breakdowns: z.array(Breakdown).default([]),
    sectors: z.array(z.strictObject({ id: text, note: text.optional() })).default([]),
    investorKinds: z.array(InvestorKind).default([]),
    investors: z.array(Investor).default([]),
    projects: z.array(Project).default([]),
    quotes: z.array(Quote).default([]),
    quotesIntro: z.strictObject({ heading: text, questions: z.array(text).default([]), lead: text.optional() }).optional(),
    sections: z.array(Section).default([]),
    lists: z.array(NamedList).default([]),
    images: z.array(Image).default([]).describe('pictures the templates may place, e.g. an aerial view'),
  })
  .refine((content) => content.event.figures.length > 0 || content.projects.length > 0, {
    message: 'an event needs at least one headline figure (event.figures) or one project (projects)',
    path: ['event', 'figures'],
  });

export type Content = z.infer<typeof Content>;
export type Project = z.infer<typeof Project>;
export type Quote = z.infer<typeof Quote>;
export type Amount = z.infer<typeof Amount>;
export type Image = z.infer<typeof Image>;
export type Lang = z.infer<typeof Lang>;
