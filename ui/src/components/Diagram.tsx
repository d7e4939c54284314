import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

let counter = 0;

/** Smallest text a chart is drawn with at its opening zoom, in CSS px (issue 20 point 5). */
export const READABLE_PX = 12;
/** A chart wider or taller than this at readable size (CSS px) is "too large": the steps summary is shown above it. */
const LARGE_PX = { width: 1600, height: 2400 };
const ZOOM_STEP = 1.25;
const MAX_ZOOM = 3;

/** The chart's size at zoom 1 (its viewBox, CSS px) and the smallest font size in it at zoom 1. */
interface Natural {
  width: number;
  height: number;
  smallestFont: number;
}

/** The smallest font size (CSS px, at zoom 1) of the labels of a drawn Mermaid SVG; 16 when it has no text. */
function smallestFontOf(svg: SVGSVGElement): number {
  const sizes = [...svg.querySelectorAll<Element>('text, tspan, foreignObject div, foreignObject span')]
    .filter((el) => (el.textContent ?? '').trim() !== '')
    .map((el) => parseFloat(getComputedStyle(el).fontSize))
    .filter((size) => size > 0);
  return sizes.length ? Math.min(...sizes) : 16;
}

/**
 * The procedure's Mermaid diagram, drawn offline with the ELK layout (loaded only when a case is opened). It opens at
 * the zoom that fits the frame's width, but never below the one at which its smallest text is {@link READABLE_PX};
 * wider charts pan (scroll, by finger or keyboard) inside a frame of at most 70 % of the screen's height, with zoom
 * buttons; the legend stays above the frame. For a chart too large to take in on a screen, `summary` (the steps so
 * far and the next steps) is shown above it.
 */
export function Diagram({ source, label, summary }: { source: string; label: string; summary?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [natural, setNatural] = useState<Natural | null>(null);
  const [zoom, setZoom] = useState<number | null>(null);
  const [frameWidth, setFrameWidth] = useState(0);
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const observer = new ResizeObserver(() => setFrameWidth(frame.clientWidth));
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [{ default: mermaid }, { default: elk }] = await Promise.all([
          import('mermaid'),
          import('@mermaid-js/layout-elk'),
        ]);
        mermaid.registerLayoutLoaders(elk);
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', layout: 'elk', theme: 'neutral' });
        const { svg } = await mermaid.render(`diagram-${++counter}`, source);
        if (!live || !ref.current) return;
        ref.current.innerHTML = svg;
        const drawn = ref.current.querySelector('svg');
        if (!drawn) return;
        const box = drawn.viewBox.baseVal;
        // Mermaid sizes the chart to its container (width 100 %, a max-width): the zoom sets its width instead.
        drawn.removeAttribute('width');
        drawn.style.maxWidth = 'none';
        setNatural({ width: box.width, height: box.height, smallestFont: smallestFontOf(drawn) });
      } catch {
        if (live) setFailed(true);
      }
    })();
    return () => {
      live = false;
    };
  }, [source]);

  // 2 % above the readable size: the drawn width is rounded to whole pixels, which may take a hair off the text.
  const readable = natural ? (READABLE_PX * 1.02) / natural.smallestFont : 1;
  const fit = natural && frameWidth > 0 ? frameWidth / natural.width : 1;
  const opening = Math.min(Math.max(fit, readable), MAX_ZOOM);
  const shown = zoom ?? opening;
  const minZoom = Math.min(fit, readable);
  const large =
    natural !== null && (natural.width * readable > LARGE_PX.width || natural.height * readable > LARGE_PX.height);

  // Draw at the zoom; on the first drawing bring the current state into the middle of the frame.
  const centred = useRef(false);
  useLayoutEffect(() => {
    const drawn = ref.current?.querySelector('svg');
    const frame = frameRef.current;
    if (!natural || !drawn || !frame || frameWidth === 0) return;
    drawn.style.width = `${natural.width * shown}px`;
    drawn.style.height = `${natural.height * shown}px`;
    if (centred.current) return;
    centred.current = true;
    const lit = drawn.querySelector('.current');
    if (!lit) return;
    const at = lit.getBoundingClientRect();
    const view = frame.getBoundingClientRect();
    frame.scrollLeft += at.left + at.width / 2 - (view.left + view.width / 2);
    frame.scrollTop += at.top + at.height / 2 - (view.top + view.height / 2);
  }, [natural, shown, frameWidth]);

  /** Zooms by `factor` keeping the point in the middle of the frame where it is. */
  const zoomBy = (factor: number) => {
    const frame = frameRef.current;
    const next = Math.min(Math.max(shown * factor, minZoom), MAX_ZOOM);
    if (!frame || next === shown) return;
    const cx = (frame.scrollLeft + frame.clientWidth / 2) / shown;
    const cy = (frame.scrollTop + frame.clientHeight / 2) / shown;
    setZoom(next);
    requestAnimationFrame(() => {
      frame.scrollLeft = cx * next - frame.clientWidth / 2;
      frame.scrollTop = cy * next - frame.clientHeight / 2;
    });
  };

  return (
    <figure className="diagram" data-zoom={shown.toFixed(3)} data-large={large || undefined}>
      {large && summary}
      <figcaption className="legend">
        <span className="swatch current" /> {t('case.legendCurrent')} <span className="swatch visited" />{' '}
        {t('case.legendVisited')}
        <span className="zoom" role="group" aria-label={t('diagram.zoom')}>
          <button type="button" className="secondary" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={shown <= minZoom}>
            <span aria-hidden="true">−</span>
            <span className="visually-hidden">{t('diagram.zoomOut')}</span>
          </button>
          <button type="button" className="secondary" onClick={() => setZoom(null)} disabled={zoom === null}>
            {t('diagram.zoomReset')}
          </button>
          <button type="button" className="secondary" onClick={() => zoomBy(ZOOM_STEP)} disabled={shown >= MAX_ZOOM}>
            <span aria-hidden="true">+</span>
            <span className="visually-hidden">{t('diagram.zoomIn')}</span>
          </button>
        </span>
      </figcaption>
      {/* Focusable: it pans by scrolling, and the keyboard must be able to scroll it too. */}
      <div className="diagram-frame" ref={frameRef} tabIndex={0} aria-label={t('diagram.frame')}>
        <div ref={ref} role="img" aria-label={label} data-testid="diagram" />
      </div>
      {failed && <p className="muted">{t('case.diagramFailed')}</p>}
    </figure>
  );
}
