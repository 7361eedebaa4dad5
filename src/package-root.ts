import { fileURLToPath } from 'node:url';

/**
 * jianbao's own folder, one above this module: dist/package-root.js as compiled, and dist/jianbao.cjs
 * (the bundle the start-up snapshot is made from) alike. Every file jianbao ships is found from here.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
