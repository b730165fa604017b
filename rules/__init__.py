"""Rule data (TOML) of bounce-analyzer; installed as the package `bounce_analyzer.ruledata`."""
