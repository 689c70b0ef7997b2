"""Page layouts: functions that build components, with no data access and no callbacks."""
