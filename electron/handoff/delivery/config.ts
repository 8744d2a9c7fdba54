import { HandoffDeliverySettingsSchema, type HandoffDeliverySettings } from '../../../shared/handoff/delivery';
import { splitUrlSecrets, type SecretBox } from '../../secrets';
import { defineSection, type SettingsService } from '../../settings';

export const handoffDeliverySection = defineSection({
  key: 'handoffDelivery',
  schema: HandoffDeliverySettingsSchema,
  label: 'handoff delivery settings',
  fallback: 'Handoffs are not sent to a shared repository until it is set again.',
});

export interface RepositoryConfig {
  /** The URL git is given (credentials included, unsealed). */
  url: string;
  /** The URL without credentials, for the screen and the log. */
  shownUrl: string;
  branch: string;
}

/** The repository as set in Settings; its URL with credentials is kept only sealed. */
export function openDeliveryConfig(settings: Pick<SettingsService, 'read' | 'write'>, box: SecretBox) {
  const read = (): HandoffDeliverySettings => settings.read(handoffDeliverySection);
  return {
    repository(): RepositoryConfig | null {
      const git = read().git;
      if (!git) return null;
      let url = git.url;
      if (git.sealedUrl) {
        try {
          url = box.decrypt(git.sealedUrl);
        } catch {
          // Sealed by another keyring: the URL without credentials is tried (and says what is wrong).
        }
      }
      return { url, shownUrl: git.url, branch: git.branch };
    },
    setRepository(input: { url: string; branch: string } | null): void {
      if (!input) return void settings.write(handoffDeliverySection, { ...read(), git: null });
      const { bare, hasSecrets } = splitUrlSecrets(input.url);
      settings.write(handoffDeliverySection, { ...read(), git: { url: bare, branch: input.branch, ...(hasSecrets ? { sealedUrl: box.encrypt(input.url) } : {}) } });
    },
  };
}
export type DeliveryConfig = ReturnType<typeof openDeliveryConfig>;
