import type { Channel, TouchpointKind } from '../../../common/journeys/model.ts';
import type { IconName } from '../components/Icon.tsx';
import type { MessageKey } from '../i18n/i18n-context.tsx';

// The dashboard imports only types from common/ (zod stays out of the bundle), so the channel list is
// restated here; `satisfies` makes the typecheck fail if it drifts from the model's enum.

/** Every channel, in the order the map's touchpoint lanes use. */
export const CHANNEL_ORDER = ['web', 'app', 'email', 'sms', 'social', 'ads', 'search', 'store', 'phone', 'chat', 'delivery', 'support', 'reviews', 'partner', 'other'] as const satisfies readonly Channel[];

type ChannelLook = { color: string; icon: IconName; label: MessageKey; kind: TouchpointKind };

/** Colour, icon, label and usual kind (digital or physical) of each channel. */
export const CHANNELS: Record<Channel, ChannelLook> = {
  web: { color: '#4263eb', icon: 'channel.web', label: 'channel.web', kind: 'digital' },
  app: { color: '#7950f2', icon: 'channel.app', label: 'channel.app', kind: 'digital' },
  email: { color: '#f76707', icon: 'channel.email', label: 'channel.email', kind: 'digital' },
  sms: { color: '#2f9e44', icon: 'channel.sms', label: 'channel.sms', kind: 'digital' },
  social: { color: '#e64980', icon: 'channel.social', label: 'channel.social', kind: 'digital' },
  ads: { color: '#f59f00', icon: 'channel.ads', label: 'channel.ads', kind: 'digital' },
  search: { color: '#1098ad', icon: 'channel.search', label: 'channel.search', kind: 'digital' },
  store: { color: '#a0522d', icon: 'channel.store', label: 'channel.store', kind: 'physical' },
  phone: { color: '#0b7285', icon: 'channel.phone', label: 'channel.phone', kind: 'physical' },
  chat: { color: '#12b886', icon: 'channel.chat', label: 'channel.chat', kind: 'digital' },
  delivery: { color: '#5c940d', icon: 'channel.delivery', label: 'channel.delivery', kind: 'physical' },
  support: { color: '#e03131', icon: 'channel.support', label: 'channel.support', kind: 'digital' },
  reviews: { color: '#ae3ec9', icon: 'channel.reviews', label: 'channel.reviews', kind: 'digital' },
  partner: { color: '#495057', icon: 'channel.partner', label: 'channel.partner', kind: 'physical' },
  other: { color: '#868e96', icon: 'channel.other', label: 'channel.other', kind: 'digital' },
};

/** The look of a channel name from the API, which analytics send as a plain string. */
export function channelLook(channel: string): ChannelLook {
  return isChannel(channel) ? CHANNELS[channel] : CHANNELS.other;
}

export function isChannel(v: string): v is Channel {
  return (CHANNEL_ORDER as readonly string[]).includes(v);
}
