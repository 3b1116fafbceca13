import { Caption1, Field, Spinner, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Regular, CloudArrowUp16Regular, Edit20Regular, ErrorCircle16Regular } from '@fluentui/react-icons';
import { NOTE_SECTIONS } from '@hms/core';
import type { NoteSection } from '@hms/core';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import type { Consultation, ConsultationState } from './consultation.js';

const useStyles = makeStyles({
  sections: { display: 'flex', flexDirection: 'column', rowGap: '10px' },
  status: { display: 'inline-flex', alignItems: 'center', columnGap: '4px', color: tokens.colorNeutralForeground3 },
  queued: { color: tokens.colorPaletteDarkOrangeForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
});

export const SECTION_LABELS: Readonly<Record<NoteSection, string>> = {
  complaint: 'Presenting complaint',
  history: 'History',
  examination: 'Examination',
  assessment: 'Assessment',
  plan: 'Plan',
};

function SaveStatus({ note }: { note: ConsultationState['note'] }) {
  const styles = useStyles();
  switch (note.state) {
    case 'typing':
      return <Caption1 className={styles.status} data-testid="note-status" data-state="typing"><Edit20Regular fontSize={16} /> Typing…</Caption1>;
    case 'saving':
      return <Caption1 className={styles.status} data-testid="note-status" data-state="saving"><Spinner size="extra-tiny" /> Saving…</Caption1>;
    case 'saved':
      return (
        <Caption1 className={styles.status} data-testid="note-status" data-state="saved">
          <CheckmarkCircle16Regular /> {note.typedAt === null ? 'Nothing written yet' : `Saved on the server (typed ${shortTime(note.typedAt)})`}
        </Caption1>
      );
    case 'kept':
      return <Caption1 className={`${styles.status} ${styles.queued}`} data-testid="note-status" data-state="kept"><CloudArrowUp16Regular /> Kept on this workstation: sent when the server is back</Caption1>;
    case 'failed':
      return <Caption1 className={`${styles.status} ${styles.failed}`} data-testid="note-status" data-state="failed"><ErrorCircle16Regular /> Not saved</Caption1>;
  }
}

/** The note's sections, saved as the doctor types (a pause of under a second), read-only once signed. */
export function NotesPanel({ consultation, state }: { consultation: Consultation; state: ConsultationState }) {
  const styles = useStyles();
  const readOnly = !consultation.writable;
  return (
    <Panel title="Consultation note" icon={<Edit20Regular />} actions={<SaveStatus note={state.note} />}>
      {state.note.error === undefined ? null : <ErrorBar error={state.note.error} what="The note was not saved" onRetry={() => void consultation.flushNote()} />}
      <div className={styles.sections}>
        {NOTE_SECTIONS.map((section) => (
          <Field key={section} label={SECTION_LABELS[section]}>
            <Textarea
              value={state.draft[section] ?? ''}
              readOnly={readOnly}
              resize="vertical"
              rows={section === 'complaint' ? 2 : 3}
              onChange={(_, data) => consultation.edit(section, data.value)}
              onBlur={() => void consultation.flushNote()}
            />
          </Field>
        ))}
      </div>
    </Panel>
  );
}
