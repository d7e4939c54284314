import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

let counter = 0;

/** The procedure's Mermaid diagram, drawn offline with the ELK layout (loaded only when a case is opened). */
export function Diagram({ source, label }: { source: string; label: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLElement>(null);
  const [failed, setFailed] = useState(false);
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
        // On a narrow screen the diagram scrolls: bring the current state into the middle of the view.
        const lit = ref.current.querySelector('.current');
        const frame = frameRef.current;
        if (lit && frame && frame.scrollWidth > frame.clientWidth) {
          const at = lit.getBoundingClientRect();
          const view = frame.getBoundingClientRect();
          frame.scrollLeft += at.left + at.width / 2 - (view.left + view.width / 2);
        }
      } catch {
        if (live) setFailed(true);
      }
    })();
    return () => {
      live = false;
    };
  }, [source]);
  return (
    // Focusable: it scrolls sideways on a phone, and the keyboard must be able to scroll it too.
    <figure className="diagram" ref={frameRef} tabIndex={0}>
      <div ref={ref} role="img" aria-label={label} data-testid="diagram" />
      {failed && <p className="muted">{t('case.diagramFailed')}</p>}
      <figcaption className="legend">
        <span className="swatch current" /> {t('case.legendCurrent')} <span className="swatch visited" />{' '}
        {t('case.legendVisited')}
      </figcaption>
    </figure>
  );
}
