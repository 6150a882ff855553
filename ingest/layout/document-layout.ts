// First cut of the layout seam: runs in content-stream order, one line per EOL, pages joined by blank lines.
// Reading order, cleanup and furniture removal replace this behind the same interface.
import type { LayoutResult, PageInput } from "./types.js";

export class DocumentLayout {
  private readonly pages: string[] = [];

  addPage(page: PageInput): void {
    let text = "";
    for (const run of page.runs) {
      text += run.str;
      if (run.hasEOL) text += "\n";
    }
    this.pages.push(text.trim());
  }

  finish(): LayoutResult {
    return { text: this.pages.filter((p) => p.length > 0).join("\n\n"), title: null, arxiv: null };
  }
}
