// Just enough of simple-hl7's untyped API for the benchmark.
declare module 'simple-hl7' {
  interface SimpleSegment {
    getComponent(field: number, component: number, subcomponent?: number): string;
    setField(index: number, value: string): void;
  }
  interface SimpleMessage {
    header: SimpleSegment;
    getSegment(name: string): SimpleSegment | undefined;
    getSegments(name: string): SimpleSegment[];
    toString(): string;
  }
  interface SimpleParser {
    parse(text: string): SimpleMessage;
  }
  const simpleHl7: { Parser: new (options?: { segmentSeperator?: string }) => SimpleParser };
  export default simpleHl7;
}
