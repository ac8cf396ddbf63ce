/** `GET /execute/capabilities`: which languages this server can run (docs/execution.md). */
import { pairpadApi } from "../../api/pairpadApi";
import type { Language } from "../../api/protocol";

export interface SandboxCapabilities {
  isolation: string | null;
  languages: Language[];
  notes: string[];
}

export const capabilitiesApi = pairpadApi.injectEndpoints({
  endpoints: (build) => ({
    getCapabilities: build.query<SandboxCapabilities, undefined>({
      query: () => "execute/capabilities",
    }),
  }),
});

/**
 * The languages this server runs, or null until it has said: until then nothing is marked.
 */
export function useRunnableLanguages(): ReadonlySet<Language> | null {
  const { data } = capabilitiesApi.useGetCapabilitiesQuery(undefined);
  return data ? new Set(data.languages) : null;
}
