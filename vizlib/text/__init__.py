"""Words: the message catalogue (English and Korean), number formats, prose descriptions and the glossary."""
