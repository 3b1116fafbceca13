import { Body1, Title3 } from '@fluentui/react-components';

/** For a role whose desk the workstation does not have yet. */
export function NoDeskScreen() {
  return (
    <section>
      <Title3 as="h1">No desk for your role here</Title3>
      <Body1 as="p">This workstation has no desk for your role yet. Settings are available in the navigation.</Body1>
    </section>
  );
}
