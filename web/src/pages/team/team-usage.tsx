// The team page's usage tab: the same charts as the operator's, for this tenant's own calls, pickable by model.
import { createResource } from "solid-js";
import { api } from "../../api/api";
import { modelLabel } from "../../api/models";
import { UsageCharts } from "../../ui/usage-charts";

export function TeamUsage() {
  const [models] = createResource(() => api.models());
  const choices = () => (models.error ? [] : (models() ?? [])).map((m) => ({ value: m.id, label: modelLabel(m) }));
  return <UsageCharts load={api.team.usageSeries} models={choices()} csvName="team-usage" />;
}
