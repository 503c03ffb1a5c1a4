import { Toast } from './nutui';

interface NoticeProps {
  notice: { text: string; kind: 'success' | 'fail' } | null;
  onClose: () => void;
}

/** A store's short message as a toast; the page also keeps the lasting detail on screen. */
export function Notice({ notice, onClose }: NoticeProps) {
  return (
    <Toast
      visible={notice !== null}
      content={notice?.text ?? ''}
      icon={notice?.kind === 'fail' ? 'fail' : 'success'}
      duration={2}
      onClose={onClose}
    />
  );
}
