"""Reports: renderers over an audit's findings (JSON contract, HTML for officials)."""
