/** What tests of the YAML loader compare: everything a parsed source can tell of where things are. */
import type { PathKey, YamlSource } from '../../src/load/yaml.js';

/** Every place a source can tell: each string, each path's value and key, and what `locate` finds. */
export function places(source: YamlSource): unknown {
  const paths: PathKey[][] = source.strings().flatMap(({ path }) => [path, path.slice(0, -1)]);
  return {
    strings: source.strings(),
    values: paths.map((path) => source.at(path)),
    keys: paths.map((path) => source.at(path, 'key')),
    located: source.strings().map(({ value }) => source.locate(value.slice(1, 6))),
  };
}
