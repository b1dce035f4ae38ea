import type { Page } from 'playwright-core';

export interface SidewaysReport {
  innerWidth: number;
  scrollWidth: number;
  /** Visible elements reaching past the window's edge (cut off), outside any scrolling box. */
  cutOff: string[];
}

/**
 * Whether the page scrolls sideways or cuts anything off at its current width. Elements inside
 * a box that scrolls or clips on its own (a wide table) are the box's business, and elements
 * parked off-screen on purpose (the skip link) are not counted.
 */
export function sideways(page: Page): Promise<SidewaysReport> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const contained = (element: Element) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) || style.clipPath !== 'none') return true;
      }
      return false;
    };
    const cutOff: string[] = [];
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) continue;
      if (rect.right <= 0 || style.clipPath !== 'none' || contained(element)) continue;
      if (rect.right > width + 0.5 || rect.left < -0.5) {
        const name = `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''}`;
        cutOff.push(`${name} "${(element.textContent ?? '').trim().slice(0, 40)}" spans ${Math.round(rect.left)}–${Math.round(rect.right)} px`);
      }
    }
    return { innerWidth: width, scrollWidth: document.documentElement.scrollWidth, cutOff };
  });
}
