declare module 'linebreak' {
  interface Break {
    /** Offset (UTF-16) where the next line may start. */
    position: number;
    /** True where the break is mandatory (a newline). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
