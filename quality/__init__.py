"""The quality bars scripts/quality checks: valid HTML, WCAG 2.2 AA, Lighthouse scores."""
