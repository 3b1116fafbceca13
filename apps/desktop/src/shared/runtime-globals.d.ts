// Globals that every runtime of this folder has (Node 24, Chromium, Electron) but that the
// es2024 library does not declare. Only what shared code uses; no Node, no DOM beyond this.
declare class URL {
  constructor(url: string, base?: string);
  hash: string;
  host: string;
  hostname: string;
  href: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  toString(): string;
}
