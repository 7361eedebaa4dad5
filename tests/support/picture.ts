/** A project whose content lists a picture, which both the deck (on a slide of its own) and the report show. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gradientPng } from '../hostile/inputs.js';
import { newProject } from './cli.js';

/** The repository's project in a folder of its own, its content with a picture: its file and its text. */
export function projectWithPicture(): { contentFile: string; content: string } {
  const dir = newProject();
  mkdirSync(path.join(dir, 'images'));
  writeFileSync(path.join(dir, 'images', 'aerial.png'), gradientPng({ width: 400, height: 300, depth: 8, colourType: 2 }));
  const contentFile = path.join(dir, 'content.yaml');
  const content = `${readFileSync(contentFile, 'utf8')}\nimages:\n  - id: aerial-view\n    path: images/aerial.png\n    caption: 科学城鸟瞰图\n    alt: 科学城的鸟瞰全景\n`;
  writeFileSync(contentFile, content);
  return { contentFile, content };
}
